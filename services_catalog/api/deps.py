"""What route functions depend on: the settings, the catalogue and a database session."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from services_catalog.catalogue import Catalogue
from services_catalog.settings import Settings, get_settings


def get_catalogue(request: Request) -> Catalogue:
    return request.app.state.catalogue


def get_session(catalogue: Annotated[Catalogue, Depends(get_catalogue)]) -> Iterator[Session]:
    with catalogue.Session() as session:
        yield session


SettingsDep = Annotated[Settings, Depends(get_settings)]
CatalogueDep = Annotated[Catalogue, Depends(get_catalogue)]
SessionDep = Annotated[Session, Depends(get_session)]
