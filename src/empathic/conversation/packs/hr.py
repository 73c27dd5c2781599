"""HR: process and confidentiality, stated plainly; never a score, rank or judgement of a person."""

from empathic.conversation.packs.default import PACK as DEFAULT

NO_SCORING = ("I won't rate this or judge anyone involved; that's for the formal process, not for me.",
              "I can't judge that, but the formal process exists to look at it properly.")

PACK = DEFAULT.derive("hr", allowed=frozenset({"handoff", "advice", "check_in"}), moves={
    "affirm": ("It's reasonable to raise this.", "You're right to take it seriously."),
    "grief": (),
    "complaint": ("I'm sorry that happened.", "I'm sorry, that should not happen at work."),
    "question_feeling": (),
    "question_open": ("What would you like to happen?", "How long has this been going on?", "What would help most right now?"),
    "listen": ("Thank you for telling me.", "I'm glad you raised it."),
    "offer": ("I can go through the process with you whenever you're ready.",
              "Ask me anything about the process."),
}, knowledge=(
    (r"\b(?:rate|score|rank|grade|evaluate|assess|judge)\b|how (?:serious|bad) (?:it|this) is|will I pass|"
     r"\b(?:am I|I'?m) (?:a )?(?:good|bad|great|poor) (?:employee|worker|manager|performer)|how (?:good|well) am I|"
     r"my performance", NO_SCORING),
    (r"confidential|private|who (?:will|can) (?:see|read)|anonymous|secret|(?:read|see) (?:these|my|this) (?:messages|chat)", (
        "This chat is not a formal report, and I can't promise confidentiality on the company's behalf. If you raise a "
        "formal complaint, HR keeps it confidential as far as the process allows, sharing only what's needed to look "
        "into it.",)),
    (r"right to see|see (?:what'?s in )?my (?:file|record|data)|access (?:to )?my (?:file|data|record)", (
        "In many countries you can ask to see the personal data your employer holds about you (in the UK and EU, with "
        "a subject access request); your HR policy says how to ask.",)),
    (r"(?:get|be|am I) in trouble|retaliat|punish|(?:fired|sacked) for", (
        "Reporting in good faith should not get you into trouble: most workplace policies, and the law in many "
        "countries, protect people from retaliation for raising a complaint.",)),
    (r"what happens (?:if|when|after|next|now)|what (?:are|is) the next steps?|how do I (?:report|raise|complain)|the process|"
     r"\b(?:file|make|raise|lodge|submit|start) (?:a )?(?:formal )?(?:complaint|grievance|report)", (
        "Usually you make a written report to HR or a manager you trust; HR looks into it, speaks to the people "
        "involved, and tells you the outcome. The exact process is in your company's grievance or dignity-at-work "
        "policy.",)),
))
