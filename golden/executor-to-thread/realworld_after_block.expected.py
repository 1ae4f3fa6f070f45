# From khoj's content API: the loop is made right after an indented block, where the statement's
# indentation belongs to the block's dedent; removing it must leave the next line indented once.
import asyncio


async def update(user, regenerate: bool, first_run: bool):
    if first_run:
        initialize_index()

    success = await asyncio.to_thread(
        configure_content,
        user,
        regenerate,
    )
    return success
