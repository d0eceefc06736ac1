# expect: score=0 error=called sys.exit('bye')
"""The file exits before it defines its class."""

import sys

sys.exit("bye")
