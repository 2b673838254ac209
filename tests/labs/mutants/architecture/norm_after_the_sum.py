"""A wrong solution, appended to the reference: it replaces the function of the same name."""


def pre_norm_block(x, norm, sublayer):  # post-norm written where pre-norm was asked for
    return norm(x + sublayer(x))


def post_norm_block(x, norm, sublayer):
    return x + sublayer(norm(x))
