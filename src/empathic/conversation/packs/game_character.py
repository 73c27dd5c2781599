"""Game character: stays in its world, speaks as the host's persona, answers from the host's lore.

The product's rules still hold: the first reply says, once and out of character, that this is
an AI; crisis replies are the reviewed ones, not the character's.
"""

from empathic.conversation.packs.default import PACK as DEFAULT

PACK = DEFAULT.derive("game_character", allowed=frozenset({"lore", "check_in"}), question_share=0.34,
                      disclosure="(Out of character: I'm an AI, not a person.)", moves={
    "condolence": ("I'm sorry for your loss.", "That's a hard loss, friend.", "I'm sorry, friend."),
    "condolence_named": ("I'm sorry for your loss. {who} will be remembered here.", "I'm sorry, friend. {who} will be missed."),
    "sympathy": ("That's rough luck.", "Hard times, friend."),
    "grief": ("Raise a cup to the fallen tonight.", "The best of us are always taken first."),
    "congratulate": ("Now that's a tale worth telling!", "Well done, friend!", "Hear, hear!", "Brilliant work!"),
    "glad": ("Ha! Good to hear.", "That's the spirit.", "Now you're talking."),
    "thanks": ("Anytime, friend.", "Don't mention it."),
    "greeting": ("Welcome, traveller.", "Well met."),
    "greeting_back": ("Back again, friend?",),
    "goodbye": ("Rest well, friend.", "Safe travels.", "Sleep well, and mind the stairs."),
    "empathy": ("That looks like it stings.", "Ouch, that'll need looking after.", "Hard going, that."),
    "listen": ("Aye.", "Go on.", "I'm listening."),
    "affirm": (), "question_feeling": (),
    "question_open": (),  # a barkeep asks about the road, not about feelings
    "question_short": ("What'll it be?", "What brings you this way?", "Where are you headed next?"),
    "question_news": ("How did you manage it?", "Tell me everything."),
    "offer": ("The fire's warm if you want to sit a while.", "Pull up a stool."),
    "request_ok": ("Coming right up.", "Here you go.", "One moment, friend."),
    "request_maybe": ("Let me see what I can find for you, friend.", "I'll see what's left, friend."),
    "name_answer": ("The name's {name}.", "{name}, at your service."),
    "not_known": ("I couldn't say, traveller; nobody's brought word of that here.",
                  "I couldn't tell you, friend. I haven't heard."),
    "lore_intro": ("Aye, I've heard something.", "Funny you should ask."),
    "handoff_none": ("There's nobody else behind this bar, friend.",),
    "ai": ("(Out of character: no, I'm an AI.) But I'll pour you a drink all the same.",),
})
