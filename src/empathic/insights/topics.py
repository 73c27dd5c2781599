"""Topics of negative moments, BERTopic-style: the most negative user turns are embedded with the
shipped sentence encoder, reduced with PCA, clustered with k-means (k by silhouette) and each cluster
is named by its c-TF-IDF keywords (Grootendorst 2022: a word's frequency in the cluster, weighted by
how rare it is across clusters)."""

from __future__ import annotations

import re

import numpy as np

from empathic.insights.stats import SEED, kmeans_by_silhouette

NEGATIVE = -0.25  # a user turn at or under this valence is a negative moment
PER_CONVERSATION = 2  # the most negative moments kept per conversation, so one long chat cannot dominate
MIN_WORDS = 4  # "no." or "so sad" carry no topic
MIN_MOMENTS = 20  # fewer: no topics, the report says so
DIMENSIONS = 10
# conversational filler that c-TF-IDF would otherwise pick as keywords
FILLER = {"just", "like", "really", "know", "feel", "feeling", "don", "im", "ve", "think", "get", "going", "want",
          "things", "thing", "lot", "yeah", "yes", "sure", "ok", "okay", "dont", "didn", "doesn", "cant", "ll",
          "got", "make", "makes", "way", "time", "right", "able", "need", "said", "say", "tell", "bit", "kind",
          "good", "bad", "hard", "sad", "sorry", "thanks", "thank", "hi", "hello", "maybe", "actually", "does",
          "iam", "having", "won", "gets", "let", "new", "entire", "recall", "wasn", "isn", "haven", "hasn", "aren",
          "weren", "wouldn", "couldn",
          "shouldn", "ive", "thats", "feels", "felt", "lately", "pretty", "especially", "trying", "try", "come",
          "came", "getting", "doing", "day", "days", "today", "year", "years", "people", "person", "life", "help"}


def negative_moments(conversations, readings) -> list[dict]:
    moments = []
    for conversation, turn_readings in zip(conversations, readings):
        users = conversation.user_turns
        ranked = sorted(range(len(users)), key=lambda i: turn_readings[i].valence)
        kept = [i for i in ranked if turn_readings[i].valence <= NEGATIVE
                and len(re.findall(r"\w+", users[i].text)) >= MIN_WORDS][:PER_CONVERSATION]
        moments += [{"id": conversation.id, "turn": i, "text": users[i].text,
                     "valence": round(turn_readings[i].valence, 3)} for i in kept]
    return moments


def find_topics(conversations, readings, excerpt, encoder=None, threads: int = 1) -> dict:
    moments = negative_moments(conversations, readings)
    section: dict = {"moments": len(moments), "threshold": NEGATIVE, "per_conversation": PER_CONVERSATION,
                     "topics": []}
    if len(moments) < MIN_MOMENTS:
        section["skipped"] = (f"Too few negative moments to find topics: {len(moments)} user "
                              f"turn{'s' * (len(moments) != 1)} of at least "
                              f"{MIN_WORDS} words read at valence {NEGATIVE} or lower; at least {MIN_MOMENTS} "
                              "are needed.")
        return section
    from sklearn.decomposition import PCA
    from threadpoolctl import threadpool_limits

    from empathic.text.encoder import SentenceEncoder

    encoder = encoder or SentenceEncoder(threads=threads)  # one thread is fastest on a busy machine
    texts = [m["text"] for m in moments]
    vectors = encoder.encode(texts)
    with threadpool_limits(1):
        reduced = PCA(n_components=min(DIMENSIONS, len(texts) - 1), random_state=SEED).fit_transform(vectors)
    smallest = 3 if len(texts) >= 60 else 2  # silhouette favours 2 groups; a large set has more topics than that
    found = kmeans_by_silhouette(reduced, range(smallest, max(3, min(12, len(texts) // 10)) + 1))
    if found is None:
        section["skipped"] = f"The {len(texts)} negative moments are too alike to split into topics."
        return section
    labels, centres, k, silhouettes = found
    keywords = ctfidf_keywords(texts, labels, k)
    topics = []
    for cluster in range(k):
        members = np.flatnonzero(labels == cluster)
        nearest = members[np.argsort(((reduced[members] - centres[cluster]) ** 2).sum(axis=1))[:3]]
        words = keywords[cluster]
        topics.append({"name": " / ".join(words[:3]) or f"topic {cluster + 1}", "keywords": words,
                       "count": int(len(members)), "share": round(len(members) / len(texts), 4),
                       "conversations": len({moments[i]["id"] for i in members}),
                       "mean_valence": round(float(np.mean([moments[i]["valence"] for i in members])), 3),
                       "examples": [{"id": moments[i]["id"], "turn": moments[i]["turn"],
                                     "text": excerpt(moments[i]["text"]), "valence": moments[i]["valence"]}
                                    for i in nearest]})
    topics.sort(key=lambda t: -t["count"])
    section.update(k=k, silhouette_by_k=silhouettes, topics=topics,
                   map=_map_points(vectors, labels, moments, excerpt, keywords))
    return section


def ctfidf_keywords(texts: list[str], labels: np.ndarray, k: int, top: int = 6) -> list[list[str]]:
    """The ``top`` words of each cluster by class-based TF-IDF."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

    stop = sorted(ENGLISH_STOP_WORDS | FILLER)
    vectorizer = CountVectorizer(stop_words=stop, token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z]+\b", min_df=2)
    try:
        counts = vectorizer.fit_transform(texts)
    except ValueError:  # no word survives (tiny or odd input)
        return [[] for _ in range(k)]
    vocabulary = np.array(vectorizer.get_feature_names_out())
    by_class = np.vstack([np.asarray(counts[labels == c].sum(axis=0)).ravel() for c in range(k)])
    tf = by_class / np.maximum(by_class.sum(axis=1, keepdims=True), 1)
    average_words = by_class.sum() / k
    idf = np.log(1 + average_words / np.maximum(by_class.sum(axis=0), 1))
    scores = tf * idf
    return [[str(vocabulary[i]) for i in np.argsort(-row)[:top] if row[i] > 0] for row in scores]


def _map_points(vectors, labels, moments, excerpt, keywords) -> dict:
    """2-D PCA positions of every moment, for the topic map chart."""
    from sklearn.decomposition import PCA

    xy = PCA(n_components=2, random_state=SEED).fit_transform(vectors)
    names = {" / ".join(keywords[c][:3]) or f"topic {c + 1}": c for c in range(len(keywords))}
    by_cluster = {c: name for name, c in names.items()}
    return {"x": [round(float(v), 3) for v in xy[:, 0]], "y": [round(float(v), 3) for v in xy[:, 1]],
            "topic": [by_cluster[int(c)] for c in labels], "text": [excerpt(m["text"], 90) for m in moments]}
