"""Forum search without accents and with stems in Catalan, Spanish and English

PostgreSQL 15 (Debian) ships Snowball dictionaries for Catalan (catalan_stem), Spanish and
English, and the unaccent extension (trusted: the database owner may create it). Each
language gets a text search configuration that drops accents, then stems; a post's search
vector holds the three, and a query matches in any of them, so "tramit" finds "tràmits".

Revision ID: 3c4d5e6f7081
Revises: 2b3c4d5e6f70
Create Date: 2026-12-01

"""

from alembic import op

revision = "3c4d5e6f7081"
down_revision = "2b3c4d5e6f70"
branch_labels = None
depends_on = None

LANGUAGES = (("ca", "catalan"), ("es", "spanish"), ("en", "english"))
WORD_TOKENS = "asciiword, asciihword, hword_asciipart, word, hword, hword_part"


def upgrade():
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    for code, language in LANGUAGES:
        op.execute(f"""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'digicanvis_{code}') THEN
                CREATE TEXT SEARCH CONFIGURATION digicanvis_{code} (COPY = {language});
                ALTER TEXT SEARCH CONFIGURATION digicanvis_{code}
                  ALTER MAPPING FOR {WORD_TOKENS} WITH unaccent, {language}_stem;
              END IF;
            END $$""")
    vector = " || ".join(f"to_tsvector('digicanvis_{code}'::regconfig, document)" for code, _ in LANGUAGES)
    query = " || ".join(f"websearch_to_tsquery('digicanvis_{code}'::regconfig, words)" for code, _ in LANGUAGES)
    op.execute(f"""CREATE OR REPLACE FUNCTION digicanvis_search_vector(document text) RETURNS tsvector
                   LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT {vector} $$""")
    op.execute(f"""CREATE OR REPLACE FUNCTION digicanvis_search_query(words text) RETURNS tsquery
                   LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT {query} $$""")
    op.execute("DROP INDEX IF EXISTS digicanvis_forum_post_text")
    op.execute("CREATE INDEX digicanvis_forum_post_text ON digicanvis_forum_post "
               "USING gin (digicanvis_search_vector(body))")


def downgrade():
    op.execute("DROP INDEX IF EXISTS digicanvis_forum_post_text")
    op.execute("DROP FUNCTION IF EXISTS digicanvis_search_query(text)")
    op.execute("DROP FUNCTION IF EXISTS digicanvis_search_vector(text)")
    for code, _ in LANGUAGES:
        op.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS digicanvis_{code}")
    op.execute("CREATE INDEX digicanvis_forum_post_text ON digicanvis_forum_post "
               "USING gin (to_tsvector('simple', body))")
