import SaltPanCore

// Placeholder until the generator lands: the target must have a source file to build.
print("usage: saltpan-bench generate --jobs N --minions N --seed N --out DIR")
