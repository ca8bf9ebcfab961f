"""routemap: the Wales modern slavery route map as a step-by-step guide.

The engine (model, loader, validate, walk) has no Flask in it; routemap.web is the
thin Flask layer on top.
"""
