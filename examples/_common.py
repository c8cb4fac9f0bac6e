"""What the examples share: the installed backends that load, each skip said out loud."""

from __future__ import annotations

import numerics_fn as nf


def usable_backends() -> list[str]:
    """The installed backends (`nf.available_backends()`) whose numerics_fn module loads.

    A backend that is installed but cannot load here is skipped with a printed reason,
    never silently.
    """
    usable = []
    for name in nf.available_backends():
        try:
            nf.get_backend(name)
        except nf.BackendUnavailableError as err:
            print(f"skipping {name}: {err}")
            continue
        usable.append(name)
    return usable
