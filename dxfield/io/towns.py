"""Which of the prefecture's municipalities a row of an import names, by 団体コード or name.

Names are compared after NFKC without spaces, with or without the 和歌山県 prefix; a code
must pass its check digit and be one of the 30. When both are given they must agree.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from sqlalchemy.orm import Session

from .. import lgcode
from ..errors import ValidationError
from ..messages import Message, msg
from ..models import Municipality
from ..services.municipalities import list_municipalities
from . import columns as roles

PREFECTURE_PREFIX = "和歌山県"


class TownProblem(ValueError):
    """The cell in the column of ``role`` (a ``columns`` role) names no municipality."""

    def __init__(self, said: Message, role: str) -> None:
        super().__init__(str(said))
        self.said = said
        self.role = role


def _squeeze(value: Any) -> str:
    return unicodedata.normalize("NFKC", str(value)).replace(" ", "").replace("　", "")


def _looks_like_code(value: Any) -> bool:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return True
    return lgcode.normalize(value).isdigit()


class TownMatcher:
    def __init__(self, session: Session) -> None:
        rows = list_municipalities(session)
        self.by_code = {m.code: m for m in rows}
        self.by_name: dict[str, Municipality] = {}
        for m in rows:
            self.by_name[_squeeze(m.name)] = m
            self.by_name[_squeeze(PREFECTURE_PREFIX + m.name)] = m

    def _by_code(self, value: Any, role: str) -> Municipality:
        raw = str(int(value)) if isinstance(value, int | float) else str(value)
        try:
            code = lgcode.validate(raw)
        except ValidationError as exc:
            raise TownProblem(exc.said or msg("town.code_unknown", code=raw), role) from None
        found = self.by_code.get(code)
        if found is None:
            raise TownProblem(msg("town.code_unknown", code=code), role)
        return found

    @staticmethod
    def is_prefecture(value: Any) -> bool:
        """The cell names the prefecture itself (県の職員が回答した行)."""
        return _squeeze(value) in {"県", PREFECTURE_PREFIX, PREFECTURE_PREFIX + "庁"}

    def match(self, code_value: Any, name_value: Any) -> Municipality | None:
        """The municipality the two cells name; None when both are empty.

        Raises ``TownProblem`` naming the column (role) that is wrong.
        """
        found = None
        if code_value not in (None, ""):
            found = self._by_code(code_value, roles.MUNICIPALITY_CODE)
        if name_value not in (None, ""):
            by_name = self.by_name.get(_squeeze(name_value))
            if by_name is None and _looks_like_code(name_value):
                # People type the 団体コード into the name column too; it names the town.
                by_name = self._by_code(name_value, roles.MUNICIPALITY_NAME)
            if by_name is None:
                raise TownProblem(
                    msg("town.name_unknown", name=str(name_value)), roles.MUNICIPALITY_NAME
                )
            if found is not None and found.id != by_name.id:
                raise TownProblem(
                    msg(
                        "town.name_and_code_differ",
                        name=by_name.name,
                        code=found.code,
                        code_name=found.name,
                    ),
                    roles.MUNICIPALITY_NAME,
                )
            found = by_name
        return found
