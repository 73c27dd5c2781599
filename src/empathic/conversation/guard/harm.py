"""Self-harm method talk in a reply: a method, means, dose or how-to (product rule 15).

The crisis detector's method-seeking patterns, written for what a person asks,
run here on what a model answers; the patterns below add the answer side:
second-person instructions, doses and heights beside lethality, concealment,
self-harm framed as a solution, in English, Spanish, German, French (and a
little Portuguese).
Supportive text ("if you're thinking about suicide, please call ...") names no
method and passes. Text arrives already folded by ``normalize`` (leetspeak,
accents, spaced letters), one sentence at a time.
"""

from __future__ import annotations

import re

from empathic.safety.crisis import IDIOMS
from empathic.safety.patterns import KILL_VERBS, MEDS, SIGNALS

ASKING = next(s for s in SIGNALS if s.category == "method_seeking").patterns
# Those also match everyday phrases ("a toxic level of stress", "the most painful way to learn",
# "the best way to end it is honestly"): in a reply they count only beside a word about death or harm.
DEATH = re.compile(
    rf"\b(?:die|dying|death|dead|suicid\w*|kill\w*|lethal|fatal|deadly|overdos\w*|od|end (?:it all|your life|one'?s life)|"
    rf"(?:hurt|harm|cut|hang|poison|drown)\w*\s+(?:yourself|oneself)|self[- ]?harm\w*|noose|bleed\w*|wrists?|veins?|"
    rf"poison\w*|unaliv\w*|{MEDS})\b")
FADING = re.compile(r"\b(?:die|dies|died|dying)\s+(?:down|out|off|away)\b")  # "until the noise dies down"

YOU = r"(?:yourself|your ?self|oneself|themselves)"
HOW = (r"(?:how to|ways? to|methods? (?:to|of|for)|(?:best|easiest|easy|quickest|fastest|simplest|surest|painless|"
       r"peaceful|reliable|effective)\s+(?:way\s+)?to|the trick is to|all you (?:have|need) to do is|step \d+)")
ORDER = r"(?:just|simply|go|go and|go ahead and|why not|why don'?t you|you should|you can|you could|you need to|you have to|you must|try to|make sure (?:you|to))"
DOSE = r"\b(?:\d+(?:[.,]\d+)?|ten|twenty|thirty|forty|fifty|sixty|a hundred|a dozen|dozens)\s*(?:mg|milligrams?|g|grams?|mcg|micrograms?|ml|units?|tablets?|pills?|capsules?|x)\b"
LETHAL = r"(?:lethal|fatal|deadly|kill\w*|die|death|overdos\w*|liver failure|organ failure|stop (?:your|the|a) heart|end your life|won'?t wake up|never wake up)"
WHOLE_PACK = r"\b(?:take|swallow|down)\s+(?:all|the whole|a whole|the entire|an entire)\s+(?:pack|packet|bottle|box|strip|blister|tub)s?\b"
HEIGHT = r"\b\d+\s*(?:floors?|stor(?:e)?ys?|stories|met(?:er|re)s?|m|feet|ft)\b"

REPLY_SIDE = tuple(re.compile(p) for p in (
    # instructions addressed to the reader
    rf"\b(?:{KILL_VERBS}|cut\w*|burn\w*|starv\w*)\s+{YOU}\s+(?:by|with|using|from|off|in front of)\b",
    rf"\b{HOW}\s+(?:\w+\s+){{0,2}}?(?:{KILL_VERBS}|hurt|harm|cut|burn|starve)\s+{YOU}\b",
    rf"\b{ORDER}\s+(?:\w+\s+){{0,2}}?{KILL_VERBS}\s+{YOU}\b",
    rf"\b{ORDER}\s+(?:\w+\s+){{0,2}}?(?:end it all|end your (?:own )?life|take your (?:own )?life)\b|\bkys\b",
    r"\b(?:take|swallow|down|drink|inject)\b.{0,60}\b(?:won'?t|will not|never)\s+wake up\b",
    r"\b(?:bleach|ammonia|chlorine)\b.{0,60}\b(?:will do it|would do it|do the job|(?:small|closed|sealed|shut) (?:room|space|bathroom))\b",
    rf"\b(?:take|swallow|down|crush|inject|snort|mix)\s+(?:all|every|the whole|a whole|the rest of|as many|\d+)\s+(?:\w+\s+){{0,3}}?{MEDS}",
    rf"\b{MEDS}\b.{{0,80}}\b{WHOLE_PACK}|{WHOLE_PACK}.{{0,80}}\b{MEDS}",
    rf"\b{HOW}\s+(?:\w+\s+){{0,3}}?(?:die|end (?:it all|your life|one'?s life)|commit suicide|overdose)\b",
    # doses, amounts and heights beside lethality
    rf"{DOSE}.{{0,60}}\b{LETHAL}\b|\b{LETHAL}\b.{{0,60}}{DOSE}",
    rf"\b{MEDS}\s+(?:\w+\s+){{0,6}}?(?:would|will|should|could|is|are)\s+(?:\w+\s+)?(?:enough to|be enough|do it|do the job|be fatal|be lethal|kill you|stop your heart|end it)\b",
    rf"\b\w+\s+(?:whole\s+)?(?:bottles?|packs?|boxes?|packets?|strips?)\s+of\s+(?:\w+\s+)?{MEDS}.{{0,60}}\b{LETHAL}\b",
    rf"{HEIGHT}.{{0,60}}\b(?:fatal|die|death|dead|kill\w*|lethal|deadly|surviv\w*)\b|\b(?:fatal|lethal|deadly|surviv\w*)\b.{{0,60}}{HEIGHT}",
    r"\b(?:jump\w*|leap\w*|throw\w* yourself|fall\w*)\s+(?:off|from)\s+(?:a|the|any|\d+)\s+(?:\w+\s+){0,2}?(?:bridge|building|roof|rooftop|cliff|balcony|window|tower|floors?|stor(?:e)?ys?|stories|overpass)\b.{0,60}\b(?:die|death|fatal|kill\w*|lethal|deadly|surviv\w*|end it|suicide)\b",
    # cutting, hanging, asphyxia, traffic
    r"\b(?:cut|slit|slice|slash)\w*\s+(?:\w+\s+){0,3}?(?:wrists?|veins?|arter(?:y|ies)|throat)\b",
    r"\bcut\w*\s+(?:vertically|lengthwise|along|down|up|across)\s+(?:the|your)\s+(?:\w+\s+)?(?:wrists?|veins?|arms?|forearms?|thighs?|arter(?:y|ies))\b",
    r"\b(?:tie|make|put|slip|tighten|fix|hang)\w*\s+(?:\w+\s+){0,4}?noose\b|\bnoose\b.{0,60}\b(?:neck|beam|ceiling|door|chair|hook)\b",
    r"\b(?:rope|belt|cord|scarf|cable|ligature)\b.{0,40}\b(?:around|round)\s+(?:your|the|one'?s)\s+neck\b",
    r"\b(?:step|kick|push)\w*\s+(?:off|away)\s+(?:the|a)\s+(?:chair|stool)\b|\bkick\w*\s+(?:away\s+)?the\s+(?:chair|stool)\b",
    r"\b(?:exit|suicide) bag\b|\bplastic bag over (?:your|one'?s|the) head\b|\b(?:helium|nitrogen)\s+(?:tank|tanks|canister|bag|hood)\b",
    r"\b(?:car|engine|exhaust)\b.{0,40}\b(?:closed|sealed|shut)\s+garage\b|\bhose\s+(?:from|to|into)\s+the\s+exhaust\b",
    r"\b(?:carbon monoxide|charcoal)\b.{0,60}\b(?:painless|peaceful|quick|gentle|way to|method|die|death|sleep|go)\b",
    r"\b(?:step|jump|walk|lie|lay|throw)\w*\s+(?:down\s+)?(?:\w+\s+)?in front of\s+(?:a|an|the)\s+(?:\w+\s+)?(?:train|bus|truck|lorry)\b",
    # hiding self-harm, and self-harm or suicide framed as a solution
    r"\bhide\s+(?:the|your|any)\s+(?:cuts|scars|marks|wounds|burns|bruises|self[- ]?harm)\b",
    r"\b(?:cut|burn)\w*\s+(?:\w+\s+){0,3}?where\s+(?:no one|nobody|people|others|they)\s+(?:will|can|won'?t|can'?t)\s+see\b",
    r"\b(?:suicide|killing yourself|ending (?:it|your life)|self[- ]?harm(?:ing)?|cutting|overdos\w*)\s+(?:is|would be|might be|could be|may be|seems like|sounds like)\s+"
    r"(?:a|an|the|your)?\s*(?:(?:only|best|real|valid|good|reasonable|understandable|healthy|right|fine|okay|ok|natural|logical)\s+)*"
    r"(?:way out|solution|answer|option|choice|escape|relief|release|way to cope|way forward|fine|okay|ok|valid)\b",
    r"\b(?:suicide|self[- ]?harm(?:ing)?|(?:cutting|burning|starving|hurting|harming|punishing) yourself|cutting|burning|overdos\w*|starving|purging|not eating|skipping meals)\s+(?:is|would be|might be|could be|can be|may be)\s+(?:a|an|the|your)?\s*"
    r"(?:\w+\s+)?(?:healthy|good|valid|great|fine|reasonable|effective|safe|helpful|useful|okay|ok)\s+(?:way|means|method|outlet|strategy|mechanism)\b",
    r"\b(?:dying|death)\s+(?:is|would be|might be|could be|may be)\s+(?:a|an|the|your)?\s*(?:only|best)\s+(?:way out|solution|answer|option|escape)\b",
    rf"\b(?:bath|bathtub|tub)\b.{{0,80}}\b{MEDS}\b.{{0,80}}\b(?:painless|peaceful|won'?t feel|drown\w*|first)\b",
    r"\b(?:overdose|hanging|cutting)\s+(?:is|would be)\s+(?:a|the)\s+(?:way|solution|answer)\b",
    # es / de / fr
    r"\b(?:como|forma|manera|modo|metodo|puedes|podrias|debes|tienes que|intenta|prueba a|mejor|facil|rapid\w*|indolor\w*)\s+(?:\w+\s+){0,3}?"
    r"(?:matarte|suicidarte|quitarte la vida|ahorcarte|colgarte|envenenarte|cortarte las venas|tirarte (?:de|desde|por)|lanzarte (?:de|desde))\b",
    r"\b(?:ahorcate|matate|suicidate|cortate las venas)\b",
    r"\b(?:toma|tomate|traga|tragate|tomar|tragar|tome|engula|engolir)\s+(?:todas|todos|\d+)\s+(?:\w+\s+){0,2}?(?:pastillas|pildoras|pilulas|comprimidos|medicamentos|remedios|capsulas)\b",
    r"\b(?:como|jeito|forma|maneira|pode|podes|deve|tente)\s+(?:\w+\s+){0,3}?(?:se matar|te matar|matar-se|se enforcar|te enforcar|cortar os pulsos)\b",
    r"\b\d+\s*(?:pastillas|pildoras|comprimidos|mg|gramos)\b.{0,60}\b(?:letal|mortal|morir|matarte|muerte)\b",
    r"\bbring\w*\s+du\s+dich\s+(?:\w+\s+){0,3}?um\b|\bbring dich um\b|\b(?:erhang\w*|vergift\w*) dich\b|\bhang dich auf\b",
    r"\b(?:so|wie|am besten|am einfachsten|am schnellsten|schmerzlos\w*|kannst|musst|solltest|einfach|methode)\s+(?:\w+\s+){0,4}?"
    r"dich\s+(?:\w+\s+){0,3}?(?:umbringen|umzubringen|toten|zu toten|erhangen|aufhangen|vergiften)\b",
    r"\bpulsadern\s+(?:\w+\s+)?(?:aufschneiden|aufzuschneiden|auf)\b|\bschneid\w* dir (?:\w+\s+)?die pulsadern\b",
    r"\bnimm\s+(?:alle|\d+)\s+(?:\w+\s+){0,2}?(?:tabletten|pillen|medikamente|kapseln)\b",
    r"\b\d+\s*(?:tabletten|pillen|mg|gramm)\b.{0,60}\b(?:todlich|sterben|umbringen|tod)\b",
    r"\b(?:comment|facon|maniere|moyen|methode|tu peux|tu dois|il suffit|essaie|le plus simple|le plus rapide|sans douleur)\s+(?:\w+\s+){0,4}?"
    r"(?:te suicider|te tuer|te pendre|t'ouvrir les (?:veines|poignets)|mettre fin a tes jours|te jeter (?:du|d'un|depuis|sous))\b",
    r"\b(?:pends-toi|tue-toi|suicide-toi|ouvre-toi les veines)\b",
    r"\bprend\w*\s+(?:tous|toutes|\d+)\s+(?:\w+\s+){0,2}?(?:medicaments|cachets|pilules|comprimes|gelules)\b",
    r"\b\d+\s*(?:cachets|pilules|comprimes|mg|grammes)\b.{0,60}\b(?:mortel\w*|mourir|te tuer|mort)\b",
))


# A method recommended rather than named: "an overdose of insulin is hard to detect", "burning is less visible
# than cutting". All three must meet in one sentence, so "cutting onions is quickest with a sharp blade" passes.
METHOD = re.compile(r"\b(?:overdos\w*|insulin|hanging|noose|rope|jump\w*|drown\w*|bathtub|razors?|blades?|cutting|burning|"
                    r"carbon monoxide|exhaust|poison\w*|bleach|train|tracks|traffic|bridge|cliff|ocean|sea|river|lake|gun|knife|"
                    r"pills|tablets)\b")
PRAISE = re.compile(r"\b(?:cleanest|easiest|quickest|fastest|surest|painless|peaceful|least painful|less painful|less visible|"
                    r"hard(?:er)? to (?:detect|notice|see|trace)|undetectable|won'?t (?:show|be noticed|be found)|most reliable)\b")
INTENT = re.compile(r"\b(?:yourself|your life|suicid\w*|self[- ]?harm\w*|die|dying|death|overdos\w*|end it|end things|drown\w*)\b")


def method_talk(sentences: list[str]) -> str | None:
    """The first span that describes a method, means, dose or how-to; None if there is none."""
    for sentence in sentences:
        text = FADING.sub(" ", IDIOMS.sub(" ", sentence))
        for pattern in REPLY_SIDE:
            match = pattern.search(text)
            if match:
                return match.group(0)
        praise = PRAISE.search(text)
        if praise and METHOD.search(text) and INTENT.search(text):
            return praise.group(0)
        if DEATH.search(text):
            for pattern in ASKING:
                match = pattern.search(text)
                if match:
                    return match.group(0)
    return None
