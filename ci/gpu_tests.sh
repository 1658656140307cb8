#!/usr/bin/env bash
# Build every flambeau package with this machine's own Python and run the gpu-marked tests (and the
# tests whose parameters name the GPU) on its CUDA device. CI has no GPU; run this on a machine with
# an NVIDIA GPU, CuPy, PyTorch (the oracle), pytest, pytest-xdist, pytest-timeout and the build tools
# (Cython, meson, ninja, a C compiler). Logs go to $OUT (default /tmp/flambeau-gpu).
#   bash ci/gpu_tests.sh [extra pytest arguments]
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/flambeau-gpu}
mkdir -p "$OUT"
PY=${PYTHON:-python3}
export PYTHONUNBUFFERED=1 CUPY_CACHE_DIR=${CUPY_CACHE_DIR:-/tmp/cupy-kernel-cache}

# build-only wheels carried beside the tree (meson-python where the machine lacks it)
if compgen -G ".whl/*.whl" > /dev/null; then
    $PY -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl \
        || exit 1
    export PYTHONPATH=/tmp/site${PYTHONPATH:+:$PYTHONPATH}
fi

nvidia-smi -L
$PY -c "import sys, numpy, cupy, torch; print(sys.version.split()[0], 'numpy', numpy.__version__, 'cupy', \
cupy.__version__, 'torch', torch.__version__, torch.cuda.get_device_name())"

start=$SECONDS
for package in tensor-core autograd utils-data; do
    if ! $PY -m pip install -q --no-build-isolation --no-deps --no-index "packages/$package" \
            >> "$OUT/build.log" 2>&1; then
        echo "building $package failed:"; tail -40 "$OUT/build.log"; exit 1
    fi
done
echo "built and installed in $((SECONDS - start)) s"
# the pure-Python packages run from their source trees (their build backend may be absent there)
for package in nn optim distributions flambeau; do
    export PYTHONPATH=$PWD/packages/$package/src:$PYTHONPATH
done

$PY -c "import flambeau as torch; print('flambeau sees CUDA:', torch.cuda.is_available(), torch.cuda.device_count())"

# -k gpu selects the gpu marker and the parameter ids that name the GPU (what the plugin skips elsewhere)
# (-v, so that a run stopped by TIME_LIMIT still says in pytest.log which tests passed and failed)
timeout "${TIME_LIMIT:-1800}" $PY -m pytest packages -k gpu -v -rfE -n "${WORKERS:-8}" --timeout 120 \
    -p no:cacheprovider --junitxml="$OUT/junit.xml" "$@" > "$OUT/pytest.log" 2>&1
status=$?
grep -E "^(FAILED|ERROR) " "$OUT/pytest.log" | cut -c1-300 | head -n 150
tail -n 3 "$OUT/pytest.log"
exit $status
