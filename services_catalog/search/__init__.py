"""Service retrieval: BM25 over stemmed text, multilingual embeddings, and their hybrid."""
