def read_figures(ctx, meetings):
    return [], []


def read_legal_documents(ctx):
    return []


def read_strategies(ctx):
    return []


def canonical_key(name):
    return name
