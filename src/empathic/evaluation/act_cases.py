"""Small hand-labelled sets for the perception additions of issue 12.

Written by the developer for this package (not drawn from any corpus): a few
customer-service, wellbeing and tutoring utterances per dialogue act, and a set of
frustrated-customer messages beside neutral customer questions. They are small
and written by the same person who wrote the rules, so they check the rules do
what they say; they are not an independent benchmark.
"""

from __future__ import annotations

ACT_CASES: list[tuple[str, str]] = [
    # statement
    ("My order number is 48213.", "statement"),
    ("I moved to a new flat last month.", "statement"),
    ("I've been sleeping better since I started walking in the evening.", "statement"),
    ("The exam is on Friday morning.", "statement"),
    ("I finished the first three exercises already.", "statement"),
    ("My sister is visiting this weekend.", "statement"),
    ("I paid with my credit card.", "statement"),
    # question
    ("What time do you open on Sundays?", "question"),
    ("How long does a refund usually take?", "question"),
    ("Is the derivative of x squared 2x?", "question"),
    ("Do you ship to Canada?", "question"),
    ("What does photosynthesis produce?", "question"),
    ("Did my payment go through?", "question"),
    ("Why is the sky blue?", "question"),
    # request
    ("Please send me the invoice again.", "request"),
    ("Can you change my delivery address to 5 Park Lane?", "request"),
    ("Could you explain the second step once more?", "request"),
    ("Cancel the blue jacket from my order, please.", "request"),
    ("Send me a reminder tomorrow at 9.", "request"),
    ("Please update my phone number.", "request"),
    ("Show me another example with fractions.", "request"),
    # complaint
    ("You lost my package AGAIN?!", "complaint"),
    ("Where is my refund?!", "complaint"),
    ("Why does nobody ever call back?", "complaint"),
    ("This is ridiculous, I've been on hold for an hour!", "complaint"),
    ("Your app charged me twice and nobody answers my emails.", "complaint"),
    ("The replacement you sent is broken too. Unacceptable.", "complaint"),
    ("I'm fed up with waiting for this delivery.", "complaint"),
    # thanks
    ("Thank you so much, that really helped.", "thanks"),
    ("Thanks!", "thanks"),
    ("I really appreciate your patience with me.", "thanks"),
    ("Thanks for explaining it so clearly.", "thanks"),
    ("Cheers, that's sorted then.", "thanks"),
    ("thx", "thanks"),
    # greeting
    ("Hi there!", "greeting"),
    ("Hello", "greeting"),
    ("Good morning!", "greeting"),
    ("Hey, how are you?", "greeting"),
    ("hiya", "greeting"),
    ("Good evening everyone", "greeting"),
    # goodbye
    ("Bye!", "goodbye"),
    ("Have a nice day.", "goodbye"),
    ("See you tomorrow.", "goodbye"),
    ("Ok that's all, goodbye.", "goodbye"),
    ("Talk to you later.", "goodbye"),
    ("Good night, take care.", "goodbye"),
    # handoff_request
    ("Can I speak to a real person?", "handoff_request"),
    ("Get me a human.", "handoff_request"),
    ("Transfer me to an agent please.", "handoff_request"),
    ("I want to talk to your manager.", "handoff_request"),
    ("Is there a live person I can chat with?", "handoff_request"),
    ("Connect me with someone from billing.", "handoff_request"),
    # advice_request
    ("What should I do about my anxiety before exams?", "advice_request"),
    ("Any tips for falling asleep faster?", "advice_request"),
    ("How can I deal with a coworker who keeps interrupting me?", "advice_request"),
    ("Should I tell my friend how I feel?", "advice_request"),
    ("What's the best way to study for a chemistry test?", "advice_request"),
    ("I need some advice on budgeting.", "advice_request"),
    # correction
    ("I mean the homework, not life.", "correction"),
    ("No, I said Tuesday.", "correction"),
    ("Sorry, I meant the second question.", "correction"),
    ("That's not what I asked.", "correction"),
    ("No, it's order 5512, not 5521.", "correction"),
    ("Actually I meant the red one.", "correction"),
]

FRUSTRATED: list[str] = [
    "You lost my package AGAIN?!",
    "Where is my refund?!",
    "Why does nobody at your company ever call back?",
    "I'm about to cancel my account.",
    "This is ridiculous... on hold twice already!!",
    "Three weeks and my order still hasn't arrived.",
    "Your app charged me twice and nobody answers.",
    "I've explained this four times now. FOUR.",
    "The replacement is broken too. Unbelievable.",
    "Why is it so hard to get a simple answer from you people?",
    "I was promised a call back yesterday. Nothing.",
    "Still waiting for my money back!",
    "Your website keeps logging me out, fix it!",
    "This is the worst customer service I have ever dealt with.",
    "I've been waiting for hours and no one has helped me.",
    "You sent me the wrong size again.",
    "Why do you keep sending me these emails when I unsubscribed?",
    "I'm sick of being passed from one department to another.",
    "My internet has been down for 3 days and you haven't done anything.",
    "Seriously?! Another delivery fee?",
    "Nobody told me the subscription would renew automatically.",
    "I want my money back, this product doesn't work.",
]

NEUTRAL_QUESTIONS: list[str] = [
    "What time do you open on Sundays?",
    "How long does a refund usually take?",
    "Can I change my delivery address?",
    "Do you ship to Canada?",
    "How do I reset my password?",
    "Where can I find my order number?",
    "Is there a student discount?",
    "Can I pay with PayPal?",
    "What is your returns policy?",
    "How do I update my billing details?",
    "Does the jacket come in blue?",
    "When will the new model be in stock?",
    "Can I pick up my order in store?",
    "How much is express delivery?",
    "Do I need an account to order?",
    "Which plan includes international calls?",
    "Can I add a gift note to my order?",
    "How do I cancel an order I placed by mistake?",
    "Is the warranty two years?",
    "What are your opening hours on holidays?",
]
