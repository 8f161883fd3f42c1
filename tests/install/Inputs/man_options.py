"""Compares the option tokens of `bpgen --help` (its usage line and its
options, not its example) with the OPTIONS section of the man page, both
ways.

    bpgen --help | python3 man_options.py bpgen.1

A token is an option name as the help writes it: -o, -MD, --line-directives,
-- alone; a long option keeps a lower-case value (--emit=ssa), not a
metavariable (--color=WHEN is --color).  The man page's troff escapes are
undone first (\\- is -, font changes separate words).  Prints what either
side lacks and fails if anything does."""
import re
import sys

TOKEN = re.compile(r"(?<![\w/.-])(--[A-Za-z][\w-]*(?:=[a-z]+\b)?|-[A-Za-z][\w-]*|--(?=\s|$))",
                   re.MULTILINE)


def tokens(text):
    return set(TOKEN.findall(text))


def help_options(text):
    lines = text.splitlines()
    usage = lines[:1]
    start = next((i for i, l in enumerate(lines) if l.startswith("options:")), len(lines))
    end = next((i for i, l in enumerate(lines) if l.startswith("exit status")), len(lines))
    return "\n".join(usage + lines[start:end])


def man_options_section(troff):
    lines = []
    inside = False
    for line in troff.splitlines():
        if line.startswith(".SH"):
            inside = line.split(None, 1)[1:] == ["OPTIONS"]
            continue
        if inside and not line.startswith('.\\"'):
            lines.append(line)
    text = "\n".join(lines)
    text = re.sub(r"\\f(\[[^]]*\]|\(..|.)", " ", text)      # font changes
    text = re.sub(r"\\\((..)", " ", text)                    # special characters
    text = text.replace("\\-", "-").replace("\\&", "").replace("\\e", "\\")
    return text


def main():
    help_tokens = tokens(help_options(sys.stdin.read()))
    if not help_tokens:
        print("--help: no options")
        return 1
    with open(sys.argv[1]) as f:
        man_tokens = tokens(man_options_section(f.read()))
    if not man_tokens:
        print("man page: no OPTIONS section")
        return 1
    missing_in_man = sorted(help_tokens - man_tokens)
    missing_in_help = sorted(man_tokens - help_tokens)
    for t in missing_in_man:
        print("in --help, not in the man page: %s" % t)
    for t in missing_in_help:
        print("in the man page, not in --help: %s" % t)
    if missing_in_man or missing_in_help:
        return 1
    print("%d options, each in both: %s" % (len(help_tokens), " ".join(sorted(help_tokens))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
