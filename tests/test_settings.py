"""Settings from the environment, read in a fresh interpreter as a deployment would read them."""

import ast
import os
import subprocess
import sys

import pytest

STRONG = "kT3v9-QpZ8rW2xYbN6mLcHd4Js7UeFa1oGiRzVyXwBqPnMtKlEhCg"
# The production settings the README's Deployment section gives.
PRODUCTION = {"NTM_HTTPS": "true", "NTM_BEHIND_PROXY": "true", "NTM_SECRET_KEY": STRONG,
              "NTM_ALLOWED_HOSTS": "ntm.example.gov.vn",
              "NTM_CSRF_TRUSTED_ORIGINS": "https://ntm.example.gov.vn"}
NTM_VARIABLES = ("NTM_DEBUG", "NTM_SECRET_KEY", "NTM_SECRET_KEY_FILE", "NTM_HTTPS", "NTM_BEHIND_PROXY",
                 "NTM_ALLOWED_HOSTS", "NTM_CSRF_TRUSTED_ORIGINS", "NTM_HSTS_SECONDS", "DATABASE_URL")


def run_ntm(tmp_path, *argv, **env):
    # DJANGO_ALLOW_ASYNC_UNSAFE (set for the browser tests) would itself fail check --deploy.
    clean = {k: v for k, v in os.environ.items() if k not in NTM_VARIABLES and not k.startswith("DJANGO_")}
    clean |= {"NTM_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "ntm.settings", **env}
    return subprocess.run([sys.executable, *argv], env=clean, capture_output=True, text=True, timeout=120)


def read_settings(tmp_path, names, **env):
    code = f"from django.conf import settings; print(repr([getattr(settings, n) for n in {names!r}]))"
    result = run_ntm(tmp_path, "-c", f"import django; django.setup(); {code}", **env)
    assert result.returncode == 0, result.stderr
    return ast.literal_eval(result.stdout)


def test_check_deploy_is_clean_under_the_production_settings(tmp_path):
    result = run_ntm(tmp_path, "-m", "ntm.cli", "manage", "check", "--deploy", "--fail-level", "WARNING",
                     **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_check_deploy_warns_when_https_is_left_off(tmp_path):
    result = run_ntm(tmp_path, "-m", "ntm.cli", "manage", "check", "--deploy", "--fail-level", "WARNING",
                     **{**PRODUCTION, "NTM_HTTPS": "false"})
    assert result.returncode != 0 and "security.W012" in result.stderr


def test_the_default_is_debug_off_over_plain_http(tmp_path):
    debug, session_secure, csrf_secure, redirect, hsts = read_settings(
        tmp_path, ["DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT",
                   "SECURE_HSTS_SECONDS"])
    assert (debug, session_secure, csrf_secure, redirect, hsts) == (False, False, False, False, 0)


def test_https_and_the_proxy_header_come_from_the_environment(tmp_path):
    secure, redirect, hsts, proxy, origins = read_settings(
        tmp_path, ["SESSION_COOKIE_SECURE", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
                   "SECURE_PROXY_SSL_HEADER", "CSRF_TRUSTED_ORIGINS"], **PRODUCTION)
    assert secure and redirect and hsts == 31_536_000
    assert proxy == ("HTTP_X_FORWARDED_PROTO", "https") and origins == ["https://ntm.example.gov.vn"]


def test_without_a_key_one_is_kept_in_the_data_folder_and_reused(tmp_path):
    first = read_settings(tmp_path, ["SECRET_KEY"])[0]
    assert (tmp_path / "secret_key").read_text().strip() == first == read_settings(tmp_path, ["SECRET_KEY"])[0]


def test_a_key_file_is_read(tmp_path):
    (tmp_path / "given").write_text(STRONG + "\n")
    assert read_settings(tmp_path, ["SECRET_KEY"], NTM_SECRET_KEY_FILE=str(tmp_path / "given")) == [STRONG]


@pytest.mark.parametrize("debug", ["false", ""])
def test_a_weak_key_stops_the_start_with_a_clear_error(tmp_path, debug):
    result = run_ntm(tmp_path, "-m", "ntm.cli", "manage", "check", NTM_SECRET_KEY="secret", NTM_DEBUG=debug)
    assert result.returncode != 0 and "NTM_SECRET_KEY is too weak" in result.stderr


def test_debug_accepts_a_weak_key(tmp_path):
    assert read_settings(tmp_path, ["DEBUG", "SECRET_KEY"], NTM_SECRET_KEY="dev", NTM_DEBUG="true") == [True, "dev"]
