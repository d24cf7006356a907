"""Knowledge answers: help-center articles in the workspace, indexed in SQLite FTS5 (BM25), and
answers with citations for the questions the flows do not own. See docs/knowledge.md.
"""

from deskpilot.knowledge._answer import (
    ANSWER_AT,
    CLARIFY_AT,
    AnswerWriter,
    KnowledgeAnswer,
    KnowledgeBase,
    QuotingWriter,
    Retriever,
    Verdict,
    answerability,
    language_detector,
    quote,
)
from deskpilot.knowledge._articles import Article, ArticleMeta, Passage, load_articles
from deskpilot.knowledge._eval import Evaluation, Question, evaluate, load_questions
from deskpilot.knowledge._gaps import Gap, group_misses
from deskpilot.knowledge._generator import KnowledgeCommandGenerator
from deskpilot.knowledge._hybrid import HybridRetriever, PassageVectors
from deskpilot.knowledge._index import (
    STOPWORDS,
    HelpCenterIndex,
    Hit,
    IndexReport,
    KnowledgeIndex,
    Miss,
)
from deskpilot.knowledge._pgindex import PostgresKnowledgeIndex
from deskpilot.knowledge._synonyms import Concept, Synonyms, SynonymsFile, load_synonyms

__all__ = [
    "ANSWER_AT",
    "CLARIFY_AT",
    "STOPWORDS",
    "AnswerWriter",
    "Article",
    "ArticleMeta",
    "Concept",
    "Evaluation",
    "Gap",
    "HelpCenterIndex",
    "Hit",
    "HybridRetriever",
    "IndexReport",
    "KnowledgeAnswer",
    "KnowledgeBase",
    "KnowledgeCommandGenerator",
    "KnowledgeIndex",
    "Miss",
    "Passage",
    "PassageVectors",
    "PostgresKnowledgeIndex",
    "Question",
    "QuotingWriter",
    "Retriever",
    "Synonyms",
    "SynonymsFile",
    "Verdict",
    "answerability",
    "evaluate",
    "group_misses",
    "language_detector",
    "load_articles",
    "load_questions",
    "load_synonyms",
    "quote",
]
