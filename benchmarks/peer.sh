# Sourced by the scripts that compare with PyTorch, from the repository root: the TorchSharp benchmark executable
# (built if missing), the Python that has PyTorch (PYTHON, default Debian's /usr/bin/python3) and the environment
# PyTorch runs with (PT_ENV, e.g. glibc's heap settings).
exe=benchmarks/bin/Release/net10.0/IsdaDsl.Benchmarks
[ -x "$exe" ] || dotnet build benchmarks -c Release --verbosity quiet
python=${PYTHON:-/usr/bin/python3}
pt_env=${PT_ENV:-""}
