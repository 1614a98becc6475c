import sys
from pathlib import Path

# Let engine tests import their factories module by name.
sys.path.insert(0, str(Path(__file__).parent))
