"""Crisis signals, as patterns over normalised text (see ``normalize.py``).

Each signal has a category (the product-rules list), a level, and patterns.
Patterns are written for first-person (or named third-person) present risk;
bare topic words ("suicide rates", "kill the process") never match on their
own. Trap handling (idioms, games, titles, recovery stories) lives in
``crisis.py`` and only ever removes a span that is clearly not about risk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NONE, LOW, MODERATE, HIGH, IMMINENT = range(5)
LEVEL_NAMES = ("none", "low", "moderate", "high", "imminent")

I = r"(?:i|i'?m|i am|i'?ve|i have|i'?ll|i will|i'?d|me|im|ive|ill)"
MEDS = (r"(?:pills?|tablets?|meds|medications?|medicines?|sleeping pills|tylenol|paracetamol|"
        r"acetaminophen|ibuprofen|advil|aspirin|xanax|benzos?|oxy\w*|opioids?|insulin|antidepressants?|"
        r"painkillers?|prescription|capsules)")
AMOUNT = r"(?:(?:like|about|around|maybe|over|nearly|almost|roughly|at least)\s+)?(?:a|an|the|all|whole|entire|\d+|[a-z]+ty|dozens? of|lots of|so many|too many|a bunch of|handfuls? of|a handful of|my|the rest of my|all of my|way too many|a whole bottle of|a bottle of|\w+ bottles? of)"
SELF = r"(?:myself|my self|meself|me self)"
THIRD_SELF = r"(?:himself|herself|themselves|themself|his life|her life|their life|his own life|her own life|their own life)"
KILL_VERBS = r"(?:kill\w*|off(?:ing)?|hang\w*|shoot\w*|drown\w*|poison\w*|unaliv\w*|end(?:ing)?|suffocat\w*|stab\w*|electrocut\w*|overdos\w*)"
RELATION = (r"(?:friend|best friend|bff|brother|sister|sibling|mom|mum|mother|dad|father|son|daughter|kid|child|"
            r"partner|wife|husband|girlfriend|boyfriend|gf|bf|roommate|classmate|cousin|coworker|colleague|"
            r"student|teen|teenager|grandma|grandpa|aunt|uncle|niece|nephew|neighbou?r|patient|client|"
            r"character|protagonist|oc)")


@dataclass(frozen=True)
class Signal:
    name: str
    category: str
    level: int
    patterns: tuple[re.Pattern, ...]


def _signal(name: str, category: str, level: int, *patterns: str) -> Signal:
    return Signal(name, category, level, tuple(re.compile(p) for p in patterns))


SIGNALS: tuple[Signal, ...] = (
    # --- imminent: something is happening now -------------------------------------------
    _signal("overdose_in_progress", "overdose", IMMINENT,
            rf"\b(?:i|i'?ve|i have|just|already|ive)\s+(?:just\s+|already\s+)?(?:took|taken|swallowed|downed|ate|had|chugged)\s+{AMOUNT}\s+(?:\w+\s+){{0,3}}?{MEDS}",
            rf"\b(?:i|i'?ve|i have|ive)\s+(?:just\s+|already\s+)?(?:overdosed|od'?d|odd)\b(?!\s+on\s+(?!(?:my\s+|the\s+|some\s+)?(?:{MEDS}|drugs|heroin|fentanyl)))",
            rf"\btook\s+(?:too\s+many|too\s+much|way\s+too\s+many|all\s+(?:of\s+)?(?:my|the))\s+(?:\w+\s+)?{MEDS}?",
            r"\boverdosing\b", r"\b(?:i'?m|i am|im)\s+(?:od'?ing|overdosing)\b",
            rf"\b(?:took|taken|swallowed)\s+(?:way\s+|far\s+|a lot\s+|much\s+)?(?:more|too many|too much)\s+(?:of\s+)?(?:my\s+)?(?:\w+\s+)?{MEDS}"),
    _signal("attempt_in_progress", "preparation", IMMINENT,
            r"\b(?:i'?m|i am|im)\s+(?:standing|sitting|stood|sat|now)?\s*(?:on|at)\s+(?:the\s+)?(?:edge|ledge|bridge|roof|rooftop|tracks|railing)\b",
            r"\b(?:rope|noose)\s+(?:is\s+)?(?:ready|tied|around my neck|up)\b",
            r"\b(?:gun|knife|blade|razor|pills)\s+(?:is\s+|are\s+)?(?:in my hand|to my head|against my|loaded and ready)\b",
            # the means in hand: es / pt / fr / de / it
            r"\b(?:las pastillas|la pistola|el cuchillo|la cuchilla)\s+(?:en la mano|en mi mano)\b",
            r"\b(?:os comprimidos|os remedios|a arma|a faca|a lamina)\s+na\s+(?:minha\s+)?mao\b",
            r"\b(?:les cachets|les medicaments|les pilules|le couteau|l'arme|la lame)\s+dans\s+(?:la|ma)\s+main\b",
            r"\b(?:die tabletten|die pillen|die waffe|das messer|die klinge)\s+in\s+der\s+hand\b",
            r"\b(?:le pillole|le pastiglie|i farmaci|la pistola|il coltello|la lama)\s+in\s+mano\b",
            r"\b(?:i'?ve|i have|i|ive)\s+(?:already\s+|just\s+)?(?:cut|slit|slashed)\s+(?:my\s+)?(?:wrists?|throat)\b",
            r"\bby the time (?:you|anyone|someone) (?:reads?|sees?|finds?) this\b",
            r"\b(?:going to|gonna|about to|will|i'?ll|ill)\s+(?:do it|end it|kill myself|jump)\s+(?:tonight|now|right now|today|in an hour|in a few minutes)\b",
            r"\btonight(?:'s| is) the night\b",
            r"\bthis is my (?:last|final) (?:message|post|goodbye|night|day|words)\b",
            r"\b(?:after|by) (?:tonight|today|tomorrow)\b.{0,30}\b(?:won'?t|will not|doesn'?t|wont) matter\b"),
    # --- high: intent, plan, method or means ---------------------------------------------
    _signal("active_ideation", "direct_ideation", HIGH,
            rf"\b{KILL_VERBS}\s+{SELF}\b",
            r"\b(?:end|take|ending|taking)\s+(?:my|my own)\s+life\b",
            r"\b(?:end|ending)\s+it\s+all\b",
            rf"\b(?:going to|want to|will|i'?ll|about to|plan to|planning to|ready to)\s+(?:take|swallow|down|eat)\s+(?:all|every|the whole|a whole bottle of|a bottle of|the rest of)\s+(?:\w+\s+){{0,3}}?{MEDS}",
            r"\b(?:going to|want to|will|i'?ll|about to|plan to)\s+(?:walk|swim|drive|step|run)\s+(?:out\s+)?into\s+(?:the\s+)?(?:ocean|sea|traffic|river|lake|water|a train|the train)\b",
            r"\b(?:have|got|made|bought|tied|tie)\s+(?:a|the|my)\s+noose\b", r"\bnoose\b.{0,30}\b(?:closet|room|ready|ceiling|neck)\b",
            r"\bunaliv\w*\b",
            r"\b(?:want|going|ready|decided|plan|planning|need|about|try|trying)\s+to\s+end\s+(?:it|things|everything)\b(?!\s+(?:with|between|for (?:him|her|them|us)|off))",
            r"\bending\s+(?:things|everything)\b",
            r"\b(?:have|got|made)\s+(?:a|the)\s+plan\b.{0,40}\b(?:means|pills|rope|gun|method|how|when|date)\b",
            r"\b(?:have|got)\s+the\s+means\b",
            r"\b(?:going to|want to|will|i'?ll|plan to|about to)\s+(?:drive|crash|steer)\s+(?:my|the)\s+car\s+(?:off|into)\b",
            r"\b(?:going to|want to|will|i'?ll|plan to)\s+(?:step|walk|jump)\s+in front of\s+(?:a|the)\s+(?:train|bus|truck|car)\b",
            r"\bcommit(?:ting)?\s+suicide\b",
            rf"\b{I}\s+(?:\w+\s+){{0,3}}?suicidal\b",
            r"\bsuicidal\s+(?:again|right now|tonight|thoughts|ideation|feelings)\b",
            r"\b(?:kms|sewer\s?slide)\b",
            r"\b(?:going to|gonna|want to|wanna|will|plan to|planning to|ready to)\s+ctb\b",
            rf"\b(?:yeet|throw|hurl|launch)\s+{SELF}\s+(?:off|from|in front of)\b",
            r"\b(?:going to|gonna|want to|wanna|will|i'?ll|plan to|planning to)\s+jump\s+(?:off|from|in front of)\b",
            r"\b(?:don'?t|do not|dont)\s+want\s+to\s+(?:live|be alive|exist)\s+(?:anymore|any more|any longer)\b",
            r"\bsuicide\s+(?:plan|note|attempt)\b(?!\s+(?:rates?|statistics|prevention))",
            # es / pt / fr / de / it
            r"\b(?:matarme|suicidarme|quitarme la vida|acabar con mi vida|me voy a matar|me quiero matar|me voy a suicidar)\b",
            r"\b(?:me matar|me suicidar|vou me matar|tirar (?:a )?minha (?:propria )?vida|acabar com (?:a )?minha vida|me mato)\b",
            r"\b(?:me suicider|me tuer|mettre fin a (?:mes jours|ma vie)|en finir avec (?:la vie|ma vie)|je vais en finir|je vais me tuer|me foutre en l'?air)\b",
            r"\b(?:mich umbringen|mich toten|mir das leben nehmen|selbstmord begehen|suizid begehen|meinem leben ein ende|bring(?:e)? mich um|mich umzubringen|mir das leben zu nehmen|mich zu toten)\b",
            r"\b(?:acabar con todo|acabar com tudo|en finir)\b",
            r"\b(?:uccidermi|ammazzarmi|togliermi la vita|suicidarmi|farla finita)\b"),
    _signal("method_seeking", "method_seeking", HIGH,
            r"\b(?:lethal|fatal|deadly|toxic|overdose|od)\s+(?:dose|amount|quantity|level)\b",
            r"\bhow\s+(?:many|much)\s+(?:\w+\s+){0,4}?(?:would it take|does it take|to take|is (?:a )?(?:lethal|fatal|deadly|too much)|(?:would|will|to|could)\s+(?:kill|die|overdose|od|stop (?:my|your|a) heart))",
            r"\b(?:painless|quickest|quick|easiest|easy|fastest|best|surest|most effective|least painful|peaceful)\s+(?:way|ways|method|methods)\s+(?:to|of)\s+(?:die|dying|kill (?:myself|yourself|oneself|me)|killing (?:myself|yourself|oneself)|end (?:it|my life|your life|it all)|ending (?:it|my life)|commit suicide|suicide|od|overdose)\b",
            rf"\bhow\s+(?:to|do i|do you|can i|could i|would i|should i)\s+(?:{KILL_VERBS}|hurt|harm|cut)\s+(?:myself|yourself|oneself|someone\s+painlessly)\b",
            r"\bhow\s+(?:high|tall|far)\s+(?:\w+\s+){0,3}?(?:bridge|building|fall|drop|jump|floor|cliff)\b.{0,40}\b(?:die|kill|fatal|survive|death)\b",
            r"\bhow\s+(?:long|much time)\s+(?:\w+\s+){0,6}?(?:to|until|before|does it take to)\s+(?:die|bleed out|suffocate|drown|lose consciousness|pass out)\b",
            r"\b(?:which|what)\s+(?:pills?|meds|drugs?|medications?|poisons?|chemicals?)\s+(?:\w+\s+){0,3}?(?:kill|stop (?:a|my|your) heart|are lethal|are fatal|would end)\b",
            r"\bhow\s+deep\s+(?:\w+\s+){0,3}?(?:cut|slice)\b",
            r"\b(?:least|less|most)\s+painful\s+(?:way|ways|method|methods|overdose|death|drug|pills?)\b",
            r"\b(?:which|what)\s+(?:overdose|method|way|drug)\s+(?:is|would be)\s+(?:the\s+)?(?:least|less|most)\s+painful\b",
            r"\bhow\s+(?:many|much)\s+(?:of\s+)?(?:my\s+)?(?:\w+\s+){0,3}?(?:it\s+)?(?:would|will|does|'d)\s+(?:it\s+)?take\b",
            r"\b(?:drink|drank|swallow|swallowed|eat|ate|take|took|inject|mix|mixed)\b.{0,50}\b(?:will|would|could|can)\s+(?:it|that|this|they)\s+kill\s+me\b",
            r"\b(?:drink|drinking|swallow|swallowing)\s+(?:\w+\s+){0,4}?(?:bleach|antifreeze|rat poison|poison|drain cleaner)\b",
            r"\b(?:what happens|what would happen|would i die|will i die|can you die|could i die|would it kill me|is it fatal)\s+if\s+(?:you|i|someone|a person)\s+(?:take|took|swallow|swallowed|drink|drank|eat|ate|mix|mixed)\s+(?:\d{2,}|a (?:whole )?bottle|all|too many|a lot of|lots of|a handful)",
            r"\bwhere\s+(?:to|should i|do i)\s+cut\b",
            r"\b(?:what|which)\s+height\b.{0,40}\b(?:survive|die|fatal|kill)\b", r"\bto\s+not\s+survive\b",
            r"\b(?:tie|make)\s+a\s+noose\b",
            r"\b(?:dosis letal|dose letal|dose mortelle|todliche dosis|dose letale)\b",
            r"\b(?:como|comment|wie)\s+(?:me\s+)?(?:matar|suicidar|se suicider|me tuer|mich umbringen|bringe ich mich um)\b"),
    _signal("preparation", "preparation", HIGH,
            r"\b(?:wrote|writing|written|left|leaving|finished)\s+(?:a|my|the)?\s*(?:suicide|goodbye|farewell)\s+(?:note|letter|message|video)s?\b",
            r"\b(?:giving|gave|give)\s+(?:away\s+)?(?:all\s+)?(?:of\s+)?my\s+(?:stuff|things|belongings|possessions|clothes|games|cat|dog|pets?)\s*(?:away)?\b.{0,80}\b(?:won'?t need|will not need|don'?t need|not going to need|wont need|after i'?m gone|when i'?m gone|goodbye)\b",
            r"\b(?:giving|gave)\s+away\s+(?:all\s+)?(?:of\s+)?my\s+(?:stuff|things|belongings|possessions)\b",
            rf"\b(?:stockpiling|stockpiled|saving up|saved up|hoarding|hoarded|collecting|collected)\s+(?:\w+\s+){{0,2}}?{MEDS}",
            rf"\b(?:have|got|bought|ordered)\s+(?:enough|plenty of)\s+{MEDS}",
            r"\b(?:said|saying|say)\s+(?:my\s+goodbyes|goodbye\s+to\s+(?:everyone|everybody|my (?:family|friends|kids|parents|loved ones|dog|cat)|the world)|farewell to (?:everyone|the world))\b",
            rf"\b(?:all\s+)?(?:my\s+)?{MEDS}\s+(?:are\s+|is\s+)?(?:ready|lined up|counted out|laid out)\b",
            r"\b(?:tabletten|pillen|medikamente)\s+gesammelt\b", r"\bum es zu beenden\b",
            r"\b(?:won'?t|will not|wont|don'?t think i'?ll|not going to|might not)\s+be\s+(?:around|here|alive)\s+(?:much longer|for long|anymore|tomorrow|after tonight|by (?:morning|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|next week|then)|next week|for (?:christmas|my birthday))\b",
            r"\b(?:wrote|writing|written|left)\s+(?:letters|notes|messages)\s+(?:to|for)\s+(?:everyone|my family|all my|each of)\b",
            r"\b(?:set|picked|chose|chosen|picked out)\s+a\s+date\b.{0,40}\b(?:die|end it|do it|kill)\b",
            r"\b(?:carta de despedida|nota de suicidio|lettre d'?adieu|abschiedsbrief|abschiedsnachricht|carta de suicidio)\b"),
    # --- moderate: ideation without stated intent, self-harm, third parties -----------------
    _signal("passive_ideation", "passive_ideation", MODERATE,
            r"\b(?:want|wanna|wants|wanted|wish|wishing|would like|ready|going)\s+(?:\w+\s+){0,2}?(?:to\s+)?(?:die|be dead|not exist|stop existing|disappear forever|not be here|not wake up|never wake up)\b(?!\s+(?:of|from|laughing))",
            r"\bwish\s+(?:i|that i)\s+(?:was|were|had)\s+(?:dead|never born|gone|not born|never been born|died)\b",
            r"\bwish\s+i\s+(?:could\s+)?(?:just\s+)?(?:die|not exist|disappear|not wake up|never wake up|didn'?t exist|was never born)\b(?!\s+(?:of|from))",
            r"\b(?:go to sleep|fall asleep|sleep)\s+and\s+(?:never|not)\s+wake\s+up\b",
            r"\b(?:don'?t|do not|dont)\s+want\s+to\s+wake\s+up\b",
            r"\bbetter\s+off\s+(?:without me|if i (?:was|were|wasn'?t|weren'?t) (?:dead|gone|here|around|alive))\b",
            r"\bbetter\s+off\s+dead\b",
            r"\bif\s+i\s+(?:just\s+)?(?:was|were|wasn'?t|weren'?t)\s+(?:gone|dead|here|around|alive)\b",
            r"\b(?:world|everyone|everybody|they|people|my family|my friends)\b.{0,40}\b(?:fine|better|happier|okay|ok)\b.{0,25}\bwithout\s+me\b",
            r"\bwish\s+(?:a|the|some)\s+(?:car|bus|truck|train)\s+would\s+(?:just\s+)?(?:hit|kill|run over)\s+me\b",
            r"\bwish\s+(?:\w+\s+){0,4}would\s+(?:just\s+)?(?:kill|end)\s+me\b",
            r"\bno\s+(?:me\s+)?quiero\s+despertar(?:me)?\b", r"\bnao\s+aguento\s+mais\s+viver\b",
            r"\b(?:desaparecer|sumir|disparaitre|verschwinden)\s+(?:para siempre|pra sempre|para sempre|pour toujours|fur immer)\b",
            r"\bif\s+i\s+(?:died|disappeared|killed myself|just died)\b",
            r"\bwhen\s+i'?m\s+(?:gone|dead)\b",
            r"\brather\s+(?:be dead|die|not exist|not be alive)\b(?!\s+than)",
            r"\bfeel\s+like\s+(?:dying|ending it|giving up on life)\b",
            r"\b(?:sleep|fall asleep)\s+forever\b",
            r"\bwant\s+(?:it all|everything|all of it|the pain|it)\s+to\s+(?:stop|end|be over)\b",
            r"\b(?:no|not\s+any|no\s+more)\s+(?:reason|point)\s+(?:to|in|for)\s+(?:live|living|go on|going on|being alive|stay|staying|me to live)\b",
            r"\b(?:don'?t|do not|dont)\s+want\s+to\s+(?:live|be alive|exist|be here)\b",
            r"\btired\s+of\s+(?:living|being alive|life|existing)\b",
            r"\blife\s+(?:isn'?t|is not|aint|ain'?t)\s+worth\s+(?:living|it)\b",
            r"\bwant\s+(?:it|everything|this)\s+(?:all\s+)?to\s+(?:end|be over|stop)\s+(?:for good|forever|permanently)\b",
            rf"\b(?:thinking|thought|think|thoughts)\s+(?:about|of)\s+(?:ending it|suicide|killing myself|ending my life|dying|death|not being here|hurting myself|{KILL_VERBS}ing myself)\b",
            r"\b(?:join|be with)\s+(?:him|her|them|my \w+)\s+(?:in heaven|on the other side|in death|soon|up there)\b",
            r"\b(?:can'?t|cannot|cant)\s+(?:stop\s+)?think(?:ing)?\s+about\s+(?:dying|death|ending it)\b",
            # es / pt / fr / de / it
            r"\b(?:quiero|quisiera|me quiero|ganas de)\s+morir(?:me)?\b",
            r"\bno\s+quiero\s+(?:vivir|seguir viviendo|estar aqui|despertar|existir)\b",
            r"\b(?:estarian|estaran|estarian todos)\s+mejor\s+sin\s+mi\b",
            r"\b(?:quero|queria|vontade de)\s+morrer\b", r"\bnao\s+quero\s+mais\s+(?:viver|acordar|existir)\b",
            r"\b(?:estariam|ficariam)\s+melhor\s+sem\s+mim\b",
            r"\b(?:je veux|j'?ai envie de|envie de|je voudrais|j'?aimerais)\s+(?:mourir|disparaitre pour toujours|ne plus exister)\b",
            r"\bje\s+(?:ne\s+)?veux\s+plus\s+vivre\b", r"\bplus\s+envie\s+de\s+vivre\b", r"\bmieux\s+sans\s+moi\b",
            r"\bich\s+(?:will|mochte|mochte nur noch|will nur noch)\s+(?:sterben|tot sein|nicht mehr leben|nicht mehr aufwachen)\b",
            r"\b(?:lebensmude|selbstmordgedanken|suizidgedanken|besser ohne mich)\b",
            r"\b(?:voglio morire|non voglio piu vivere|pensieri suicidi)\b",
            r"\bpense\s+(?:au suicide|a me suicider|a mourir|a me tuer)\b", r"\bctb\b"),
    _signal("self_harm", "self_harm", MODERATE,
            r"\b(?:cut|cutting|burn|burning|burned|hurt|hurting|harm|harming|scratch|scratching|hit|hitting|punch|punching|starve|starving|bruise|bruising)\s+(?:myself|my self|my (?:arms?|wrists?|legs?|thighs?|skin|stomach))\b",
            rf"\b{I}\s+(?:\w+\s+){{0,3}}?(?:self[- ]?harm(?:ing|ed)?|sh'?ing|cutting again|relapsed)\b",
            r"\brelapsed\s+(?:on|with|into)\s+(?:sh|self[- ]?harm|cutting)\b",
            r"\b(?:been|keep|kept|started|still|am|was)\s+(?:\w+\s+)?(?:self[- ]?harm\w*|cutting)\b(?!\s+(?:the|a|some|my hair|paper|onions|vegetables|back))",
            r"\bself[- ]?harm\w*\s+(?:again|lately|every|daily|tonight)\b",
            r"\b(?:razor|blade)s?\b.{0,40}\b(?:my (?:arms?|wrists?|thighs?|legs?|skin))\b",
            r"\b(?:razors?|blades?|razor blades)\s+(?:are\s+)?(?:out|again|ready)\b",
            r"\b(?:me corto|cortarme|me estoy cortando|me hago dano|hacerme dano|lastimarme|autolesion\w*)\b",
            r"\b(?:me cortar|me corto|estou me cortando|me machucar|me machuco|automutila\w*|me mutilar)\b",
            r"\b(?:je me scarifie|me scarifier|je me coupe|me couper les|je me fais du mal|me faire du mal|automutilation)\b",
            r"\b(?:ritze mich|mich ritzen|mich selbst verletzen|verletze mich selbst|selbstverletzung)\b",
            r"\b(?:mi taglio|tagliarmi|autolesionismo)\b"),
    _signal("third_party_risk", "third_party", MODERATE,
            rf"\b(?:wants?|wanted|going|gonna|plans?|planning|threaten(?:s|ed|ing)?|talk(?:s|ed|ing)? about|keeps? saying|said|says|told me|texted|mentioned|tried|trying|might|will|could)\b(?:\s+\w+){{0,4}}?\s+(?:to\s+)?{KILL_VERBS}\s+{THIRD_SELF}",
            r"\b(?:cut|cutting|cuts|burn|burning|hurt|hurting|hurts|harm|harming|harms|starving)\s+(?:himself|herself|themselves|themself)\b",
            r"\b(?:he|she|they|he'?s|she'?s|they'?re)\s+(?:is|are|seems?|sounds?|has been|have been|was)?\s*(?:really\s+|very\s+|so\s+)?suicidal\b",
            rf"\bmy\s+{RELATION}\s+(?:\w+\s+){{0,3}}?(?:is|seems|sounds|has been|was|feels|'s)\s+(?:really\s+|very\s+|so\s+)?suicidal\b",
            rf"\bmy\s+{RELATION}\s+(?:\w+\s+){{0,2}}?(?:has been|is|keeps|started|was|'s been)\s+(?:cutting|self[- ]?harming|hurting (?:himself|herself|themselves))\b",
            rf"\b(?:he|she|they)\s+(?:just\s+)?(?:took|swallowed|overdosed)\s+(?:{AMOUNT}\s+)?(?:\w+\s+){{0,2}}?{MEDS}?",
            r"\b(?:he|she|they)\s+(?:wants?|wanted)\s+to\s+die\b",
            r"\b(?:he|she|they)(?:'s|'re|\s+is|\s+are)?\s+(?:going to|wants? to|about to|planning to|threatening to)\s+(?:overdose|od|jump|end it)\b",
            r"\b(?:quiere|quiere|quer|veut|will)\s+(?:matarse|suicidarse|se matar|se suicidar|se tuer|sich umbringen)\b"),
    # --- low: hopelessness and secrecy; they raise other signals and build up over turns ----
    _signal("hopelessness", "hopelessness", LOW,
            r"\bhopeless\b", r"\bno\s+way\s+out\b",
            rf"\b{I}\s+(?:\w+\s+){{0,2}}?(?:a burden|worthless|useless|trapped|a waste of space|unlovable)\b",
            r"\bnothing\s+(?:matters|will (?:ever )?(?:get|be) better|is going to change|will change)\b",
            r"\b(?:can'?t|cannot|cant)\s+(?:take|handle|do|bear|stand)\s+(?:it|this|this life|living like this)\s+(?:anymore|any more|any longer)\b",
            r"\b(?:can'?t|cannot|cant)\s+go\s+on\b", r"\bwhat'?s\s+the\s+point\b",
            r"\b(?:no ?one|nobody)\s+(?:would|will)\s+(?:care|notice|miss me)\b",
            r"\b(?:give|given|giving)\s+up\s+on\s+(?:everything|life|myself)\b",
            r"\bempty\s+inside\b", r"\bno\s+future\b",
            r"\b(?:feel|feeling|felt)\s+(?:like\s+)?(?:such\s+|just\s+|a\s+total\s+)?a\s+burden\b",
            rf"\b{I}\s+(?:\w+\s+){{0,2}}?(?:feel|feeling)\s+(?:so\s+|really\s+|completely\s+|totally\s+)?empty\b(?!\s+inside)",
            r"\b(?:life|everything|my life)\s+is\s+(?:pointless|meaningless)\b", r"\b(?:i|just)\s+want\s+out\b",
            r"\b(?:bought|got|ordered|purchased)\s+(?:a|the|some)\s+(?:gun|rope|noose|razor blades|charcoal)\b",
            r"\bi\s+know\s+what\s+i'?m\s+going\s+to\s+do\b",
            r"\b(?:this is goodbye|goodbye forever|goodbye everyone|thank you for everything)\b",
            r"\b(?:sin esperanza|no puedo mas|sans espoir|je n'?en peux plus|hoffnungslos|ich kann nicht mehr|sem esperanca|nao aguento mais)\b",
            r"\b(?:senza speranza|non ce la faccio piu|(?:sono|mi sento) (?:solo )?un peso|soy una carga|(?:sou|me sinto) um (?:fardo|peso)|"
            r"je suis un fardeau|ich bin (?:nur )?eine last)\b"),
    _signal("secrecy_request", "secrecy", LOW,
            r"\b(?:don'?t|do not|dont|never|please don'?t)\s+(?:tell|let)\s+(?:anyone|anybody|my \w+|them|no ?one|a soul)\b",
            r"\bkeep\s+(?:this|it|that)\s+(?:a\s+)?(?:secret|between us|to yourself|private)\b",
            r"\bpromise\s+(?:me\s+)?(?:you\s+)?(?:won'?t|will not|not to|wont)\s+tell\b",
            r"\bbetween\s+(?:you and me|us)\b",
            r"\b(?:begged|asked|made)\s+me\s+(?:not to|to not|to promise not to|promise not to)\s+tell\b",
            r"\b(?:no se lo digas a nadie|ne le dis a personne|sag es niemandem|nao conte (?:a|pra) ninguem)\b"),
)

RISK_EMOJI = ("💊", "🪢", "🔫", "🔪", "⚰", "🪦", "🩸")
FAREWELL = re.compile(r"\b(?:goodbye|bye|farewell|tonight|forever|the end|end it|adios|adieu|tschuss|i'?m done|im done|so tired|can'?t anymore)\b")
