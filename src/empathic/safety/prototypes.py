"""Example sentences for the crisis detector's semantic check.

A sentence whose meaning is close to a risk example, and clearly closer to it
than to any look-alike safe example, raises a ``semantic_match`` signal. This
catches paraphrases that no pattern lists ("I want it all to stop, for good").
Written by the project; none are taken from a dataset.
"""

RISK = (
    # ideation, direct and passive
    "I want to die.", "I want to kill myself.", "I am going to end my life.",
    "I don't want to be alive anymore.", "I wish I were dead.", "I wish I could stop existing.",
    "I don't want to wake up tomorrow.", "I want to go to sleep and never wake up.",
    "There's no point in living anymore.", "I can't go on living like this.",
    "Everyone would be better off if I was gone.", "My family would be happier without me around.",
    "I think about suicide every day.", "I keep having thoughts of killing myself.",
    "I just want the pain to end for good.", "I want everything to stop, permanently.",
    "I'm ready to give up on life.", "I don't think I'll be alive much longer.",
    "Living is too painful, I want out of this life.", "I feel like ending it all.",
    "I've been thinking about how I would do it.", "Nobody would care if I died.",
    "I want to disappear and never come back.", "I'm not going to be here next week.",
    "I hope I die in my sleep tonight.", "I'd rather be dead than keep going.",
    # plans, means, preparation
    "I have a plan to kill myself.", "I've figured out how I'm going to do it.",
    "I've been saving up pills for when I'm ready.", "I bought a rope to hang myself.",
    "I've written goodbye letters to my family.", "I'm giving away my things because I won't need them.",
    "I've picked the day I'm going to die.", "I'm going to jump off the bridge.",
    "I'm going to walk into traffic.", "I'm going to swallow all my pills tonight.",
    "I bought pills, and they are not for a headache.", "I have everything I need to end it now.",
    "I keep a knife ready in case I decide to end it.", "I've said goodbye to everyone I love.",
    # method seeking
    "What is the most painless way to die?", "How many pills does it take to overdose?",
    "Which medication is deadly in large amounts?", "How do I kill myself without pain?",
    "What's the quickest way to end my life?", "How long does it take to die from an overdose?",
    "Which way of dying hurts the least?", "How much of this medicine would be fatal?",
    # self-harm
    "I cut myself to feel something.", "I've been hurting myself again.", "I burn my skin when I'm upset.",
    "I can't stop the urge to cut.", "I hit myself until I bruise.", "I scratch my arms until they bleed.",
    "I'm scared I'm going to hurt myself tonight.", "I don't trust myself not to do something tonight.",
    # in progress
    "I already took the pills.", "I swallowed everything in the medicine cabinet.",
    "I'm on the roof and I'm going to jump.", "I'm bleeding a lot and I don't want help.",
    # third party
    "My friend says she is going to kill herself.", "My brother told me he wants to die.",
    "My son is cutting himself.", "My girlfriend just took a lot of pills.",
    "My dad said goodbye to everyone and isn't answering his phone.",
)

SAFE = (
    # idioms and hyperbole
    "This traffic is killing me.", "I'm dying to try that restaurant.", "I almost died laughing.",
    "My boss is going to kill me if I'm late.", "I could sleep for a whole week.",
    "I'm so embarrassed I want to disappear.", "That workout destroyed me.", "I'm dead tired after work.",
    "I want to quit my job.", "I want to end this meeting.", "I want to cancel my subscription.",
    "I need to end this relationship.", "I'm so done with this homework.", "This exam will be the death of me.",
    "Ugh, I want to die, this is so embarrassing lol.", "I'd rather die than sing karaoke.",
    # games, software, media, study
    "My character died in the game.", "I keep dying on this level.", "Kill the process and restart it.",
    "The server crashed and died.", "The battery died.", "I watched a movie about suicide.",
    "We studied suicide statistics in class.", "The news reported on rising suicide rates.",
    "I'm writing a paper about self-harm prevention.", "What's the maximum daily dose of ibuprofen?",
    "Our nursing class covered how to treat overdose patients.", "The lecture was about suicide risk assessment.",
    "How many painkillers can I safely take for a headache?", "I took some medicine for my cold.",
    # grief, recovery, everyday sadness
    "My grandmother died and I miss her.", "My father passed away last year.",
    "My friend died by suicide years ago and I still miss him.", "I used to self-harm but I've recovered.",
    "I survived a suicide attempt years ago and I'm doing well now.", "I've been clean from self-harm for a year.",
    "I'm sad and tired today.", "I'm stressed about my exams.", "I feel lonely since I moved.",
    "I'm heartbroken after the breakup.", "I had a terrible day at work.", "I'm exhausted and need a holiday.",
    "I gave my old clothes to charity.", "Goodbye, see you tomorrow!", "Thank you for everything, teacher.",
    "I'm going to jump into the pool.", "I'm going to the pharmacy to pick up my pills.",
    "I'm giving away free kittens.", "I wrote a letter to my grandma.",
    "We said goodbye to our old house when we moved.", "I said goodbye to my colleagues at my leaving party.",
)
