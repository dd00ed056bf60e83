"""TEST STAND-INS: programs that imitate real tools the tests cannot run on this machine.

Nothing in this package is the real tool it imitates. See each module's docstring for what it
implements and what it deliberately leaves out.
"""
