import sys

from stackplate.cli import main

sys.exit(main())
