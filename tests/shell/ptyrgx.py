"""rgx at a real prompt through a pseudo-terminal, for the tests that type
at it (drive_prompt.py, drive_interrupts.py, drive_wide.py)."""
import fcntl, os, pty, select, struct, sys, termios, time


class Prompt:
    def __init__(self, argv, env, cols=None, rows=24):
        """cols: the terminal's width (its window size), else the pty's
        default."""
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            if cols:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            os.execve(argv[0], argv, env)
        self.buf = b""

    def resize(self, cols, rows=24):
        """A new window size (as when the terminal is resized)."""
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    def read_until(self, pattern, timeout=5.0):
        """Everything up to and including pattern; exits with FAIL when it
        does not come within timeout seconds."""
        end = time.time() + timeout
        while time.time() < end:
            if pattern.encode() in self.buf:
                i = self.buf.index(pattern.encode()) + len(pattern)
                seen, self.buf = self.buf[:i], self.buf[i:]
                return seen.decode(errors="replace")
            r, _, _ = select.select([self.fd], [], [], 0.05)
            if r:
                try:
                    self.buf += os.read(self.fd, 65536)
                except OSError:
                    break
        sys.exit("FAIL: did not see %r; got %r" % (pattern, self.buf[-600:]))

    def drain(self):
        """Read what is there without waiting (keeps the pty from filling
        up while a test polls something else)."""
        try:
            while select.select([self.fd], [], [], 0)[0]:
                data = os.read(self.fd, 65536)
                if not data:
                    break
                self.buf += data
        except OSError:
            pass

    def send(self, s):
        os.write(self.fd, s.encode())

    def wait(self):
        """The exit status once it has quit."""
        _, status = os.waitpid(self.pid, 0)
        return os.WEXITSTATUS(status)
