"""Recurring incremental crawls: a systemd user timer or a crontab entry.

Overlap is prevented by the crawl itself (an flock beside the archive; a second crawl exits
75), so both kinds of schedule are safe even when a crawl outlasts its interval.

>>> files = render("cron", ["thanhuy-archive", "crawl", "--db", "/srv/a.db"], 6, "/srv")
>>> print(files["crontab"])  # doctest: +NORMALIZE_WHITESPACE
# thanhuy-archive: incremental crawl every 6 hours
17 */6 * * * cd /srv && thanhuy-archive crawl --db /srv/a.db >> /srv/crawl.log 2>&1
"""

import shlex
import shutil
import subprocess
from pathlib import Path

UNIT = "thanhuy-archive-crawl"
CRON_MARK = "# thanhuy-archive:"


class ScheduleError(ValueError):
    """A schedule that cannot be written as asked; the message says why and what works."""


# cron's */N restarts at midnight: every N hours only when N divides a day.
CRON_HOURS = (1, 2, 3, 4, 6, 8, 12, 24)


def render(kind, command, every_hours, workdir):
    """The files a schedule consists of, by name."""
    line = shlex.join(command)
    if kind == "cron":
        if every_hours not in CRON_HOURS:
            raise ScheduleError(
                f"cron cannot run every {every_hours} hours (*/{every_hours} restarts at "
                f"midnight): use {', '.join(map(str, CRON_HOURS))}, or --kind systemd")
        hours = {1: "*", 24: "0"}.get(every_hours, f"*/{every_hours}")
        return {"crontab": (
            f"{CRON_MARK} incremental crawl every {every_hours} hours\n"
            f"17 {hours} * * * cd {shlex.quote(workdir)} && {line} "
            f">> {shlex.quote(str(Path(workdir) / 'crawl.log'))} 2>&1"
        )}
    return {
        f"{UNIT}.service": (
            "[Unit]\n"
            "Description=thanhuy-archive incremental crawl\n"
            "After=network-online.target\n\n"
            "[Service]\n"
            "Type=oneshot\n"
            f"WorkingDirectory={workdir}\n"
            f"ExecStart={line}\n"
            "# 75: another crawl held the lock; not a failure\n"
            "SuccessExitStatus=75\n"
            "Nice=10\n"
        ),
        f"{UNIT}.timer": (
            "[Unit]\n"
            f"Description=thanhuy-archive incremental crawl every {every_hours} hours\n\n"
            "[Timer]\n"
            "OnBootSec=10min\n"
            f"OnUnitActiveSec={every_hours}h\n"
            "RandomizedDelaySec=10min\n"
            "Persistent=true\n\n"
            "[Install]\n"
            "WantedBy=timers.target\n"
        ),
    }


def install(kind, files):
    """Install the schedule for the current user; yields what was done, line by line."""
    if kind == "cron":
        yield from _install_cron(files["crontab"])
        return
    folder = Path.home() / ".config" / "systemd" / "user"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
        yield f"wrote {folder / name}"
    enable = ["systemctl", "--user", "enable", "--now", f"{UNIT}.timer"]
    if shutil.which("systemctl"):
        subprocess.run(["systemctl", "--user", "daemon-reload"], check=False)
        done = subprocess.run(enable, check=False, capture_output=True, text=True)
        if done.returncode == 0:
            yield f"enabled {UNIT}.timer (systemctl --user list-timers shows it)"
            return
    yield f"to enable it, run: {shlex.join(enable)}"


def _install_cron(entry):
    if not shutil.which("crontab"):
        raise OSError("crontab is not installed; use --print and add the line by hand")
    current = subprocess.run(["crontab", "-l"], capture_output=True, text=True).stdout
    kept = [line for line in current.splitlines()
            if not line.startswith(CRON_MARK) and UNIT not in line
            and "thanhuy-archive crawl" not in line]
    subprocess.run(["crontab", "-"], input="\n".join(kept + [entry]) + "\n", text=True,
                   check=True)
    yield "installed the crontab entry (crontab -l shows it)"
