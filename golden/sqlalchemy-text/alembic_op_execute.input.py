"""seed roles

Revision ID: 9d1e2f3a4b5c
Revises: 3f2a9c1d7b10
"""
from alembic import op

revision = "9d1e2f3a4b5c"
down_revision = "3f2a9c1d7b10"


def upgrade() -> None:
    op.execute("INSERT INTO roles (name) VALUES ('admin'), ('viewer')")
    op.execute(
        """
        UPDATE users SET role = 'viewer' WHERE role IS NULL
        """
    )
    op.get_bind().exec_driver_sql("ANALYZE roles")


def downgrade() -> None:
    op.execute("DELETE FROM roles WHERE name IN ('admin', 'viewer')")
