import SaltPanCore

print("saltpan")
