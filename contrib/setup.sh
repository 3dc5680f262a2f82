#!/bin/sh
# Install the Debian 12 packages listed in contrib/deps.txt that are missing.
# Idempotent and quiet when everything is there; uses sudo when not root.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
missing=
for pkg in $(sed -e 's/#.*//' "$here/deps.txt"); do
	status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
	case "$status" in
	*" installed") ;;
	*) missing="$missing $pkg" ;;
	esac
done
[ -z "$missing" ] && exit 0

echo "setup: installing Debian packages:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
	sudo=
elif command -v sudo >/dev/null 2>&1; then
	sudo=sudo
else
	echo "setup: missing packages:$missing" >&2
	echo "setup: run 'contrib/setup.sh' as root, or install sudo" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
# nginx-light starts a system nginx on port 80 when installed; the benchmark
# runs its own instance, so leave the system one as the admin configured it.
echo "setup: done" >&2
