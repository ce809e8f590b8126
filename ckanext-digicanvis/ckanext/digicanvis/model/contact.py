"""Contact persons of a project, kept out of the dataset record.

A project's contacts are stored here rather than in the dataset's extras so that the
record CKAN copies into the search index and the activity stream never holds their
email, phone or (for non-public contacts) their name. ``logic.contacts`` decides who
sees what.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Column, ForeignKey, Integer, UnicodeText

import ckan.plugins.toolkit as tk


class ProjectContact(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "digicanvis_project_contact"

    id = Column(Integer, primary_key=True, autoincrement=True)
    package_id = Column(UnicodeText, ForeignKey("package.id", ondelete="CASCADE"), nullable=False, index=True)
    position = Column(Integer, nullable=False)
    name = Column(UnicodeText, nullable=False)
    role = Column(UnicodeText)
    email = Column(UnicodeText)
    phone = Column(UnicodeText)
    public = Column(Boolean, nullable=False, default=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "role": self.role or "",
            "email": self.email or "",
            "phone": self.phone or "",
            "public": "yes" if self.public else "no",
        }
