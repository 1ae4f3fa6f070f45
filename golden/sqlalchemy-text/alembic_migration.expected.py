"""add a slug to items

Revision ID: 3f2a9c1d7b10
Revises: 1c0e5d2b9a44
"""
import sqlalchemy as sa
from alembic import op

revision = "3f2a9c1d7b10"
down_revision = "1c0e5d2b9a44"


def upgrade() -> None:
    op.add_column("items", sa.Column("slug", sa.String(200), nullable=True))
    op.execute("CREATE INDEX ix_items_slug ON items (slug)")  # Alembic's own execute takes strings
    bind = op.get_bind()
    names = bind.execute(sa.text("SELECT id, name FROM items")).all()
    for item_id, name in names:
        bind.execute(
            sa.text("""
            UPDATE items
               SET slug = :slug
             WHERE id = :id
            """),
            {"slug": name.lower().replace(" ", "-"), "id": item_id},
        )


def downgrade() -> None:
    op.execute("DROP INDEX ix_items_slug")
    op.drop_column("items", "slug")
