# Asynchronous comprehensions (PEP 530), await in comprehensions, async generator expressions.
async def gather(source, fetch):
    values = [x async for x in source]
    awaited = [await fetch(x) for x in values]
    mapping = {x: await fetch(x) async for x in source if await fetch(x)}
    return values, awaited, mapping


def lazily(source):
    return (x async for x in source)
