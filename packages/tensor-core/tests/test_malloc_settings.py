"""The heap pad set at import (``kernels/_malloc_settings.py``): on by default on glibc, off wherever
the user configured malloc or asked for it off."""
import os
import subprocess
import sys

import pytest

from flambeau_tensor_core.kernels import _malloc_settings as settings


@pytest.mark.parametrize("environ,pad", [
    ({}, settings.TOP_PAD),
    ({"PATH": "/usr/bin"}, settings.TOP_PAD),
    ({"MALLOC_TOP_PAD_": "0"}, 0),
    ({"MALLOC_TRIM_THRESHOLD_": "1000000"}, 0),
    ({"MALLOC_MMAP_THRESHOLD_": "1000000"}, 0),
    ({"GLIBC_TUNABLES": "glibc.malloc.trim_threshold=1000000"}, 0),
    ({"GLIBC_TUNABLES": "glibc.pthread.rseq=0"}, settings.TOP_PAD),
    ({"FLAMBEAU_MALLOC_TOP_PAD": "0"}, 0),
])
def test_the_pad_is_wanted_only_where_the_user_set_nothing(environ, pad):
    assert settings.wanted_pad(environ) == pad


def _applied_in_a_fresh_process(**extra) -> bool:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("MALLOC_", "FLAMBEAU_MALLOC"))}
    code = "import flambeau_tensor_core.kernels._malloc_settings as m; print(m.applied)"
    out = subprocess.run([sys.executable, "-c", code], env=environ | extra, capture_output=True, text=True,
                         check=True)
    return out.stdout.strip() == "True"


@pytest.mark.skipif(settings._glibc() is None, reason="the pad is a glibc setting")
def test_importing_sets_the_pad_on_glibc_unless_the_user_configured_malloc():
    assert _applied_in_a_fresh_process()
    assert not _applied_in_a_fresh_process(MALLOC_TOP_PAD_="131072")
    assert not _applied_in_a_fresh_process(FLAMBEAU_MALLOC_TOP_PAD="0")
