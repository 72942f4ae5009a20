# Runs a command on a pseudo-terminal and answers its prompts: argv[1] is a JSON list of
# [expected text, answer] pairs, the rest is the command. Prints the transcript; exits with
# the command's exit code (124 when an expected text did not come within 20 s).
import json, os, pty, select, sys, time

steps = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
buf = b''

def read(deadline):
    global buf
    r, _, _ = select.select([fd], [], [], max(0, deadline - time.time()))
    if not r:
        return False
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        return None
    if not chunk:
        return None
    buf += chunk
    return True

pos = 0
for expect, answer in steps:
    deadline = time.time() + 20
    while expect.encode() not in buf[pos:]:
        if time.time() > deadline or read(deadline) is None:
            sys.stdout.write(buf.decode('utf8', 'replace'))
            sys.stdout.write('\n[pty: no "%s" within 20 s]\n' % expect)
            os.kill(pid, 9)
            sys.exit(124)
    pos = buf.index(expect.encode(), pos) + len(expect)
    os.write(fd, answer.encode() + b'\r')
deadline = time.time() + 30
while time.time() < deadline and read(deadline) is not None:
    pass
_, status = os.waitpid(pid, 0)
sys.stdout.write(buf.decode('utf8', 'replace'))
sys.exit(os.waitstatus_to_exitcode(status))
