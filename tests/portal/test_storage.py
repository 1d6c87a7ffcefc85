"""Where media go: the file system by default, S3-compatible object storage when its environment is set."""

import os
import subprocess
import sys

from django.conf import settings


def test_media_goes_to_object_storage_when_its_environment_is_set():
    """The S3 switch is wired (no object store runs here, so nothing is uploaded: see the README). One process
    reads both storages (each `manage.py shell` costs a Django start-up)."""
    probe = (
        'from django.core.files.storage import storages; s = storages["default"]; '
        "print(type(s).__name__, s.bucket_name, s.endpoint_url)"
    )
    both = probe + '; p = storages["private"]; print(type(p).__name__, p.bucket_name, p.location, p.default_acl)'
    env = {**os.environ, "S3_BUCKET": "thidua-media", "S3_ENDPOINT_URL": "http://minio.local:9000"}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", both],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    lines = result.stdout.splitlines()
    assert lines[-2].split() == ["S3Storage", "thidua-media", "http://minio.local:9000"]
    assert lines[-1].split() == ["S3Storage", "thidua-media", "private", "private"]  # never public
    without = {key: value for key, value in os.environ.items() if not key.startswith("S3_")}
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            probe.replace(", s.bucket_name, s.endpoint_url", ""),
        ],
        cwd=settings.BASE_DIR,
        env=without,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split()[-1] == "FileSystemStorage"
