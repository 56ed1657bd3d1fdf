#!/usr/bin/env bash
# Installs Debian's Chromium and its driver for the browser tests when they are missing.
# Needs root (CI and the developers' machines are); elsewhere the browser tests skip with a reason.
set -u
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then echo "chromium missing and not root: browser tests will be skipped"; exit 0; fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null || echo "could not install chromium: browser tests will be skipped"
exit 0
