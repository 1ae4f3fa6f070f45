class YoutubeLoader:
    def load(self) -> list[str]:
        return []

    async def aload(self) -> list[str]:
        """From open-webui: asyncio is imported in the coroutine itself, so the rewrite uses
        that import and adds none at the top of the file."""
        import asyncio

        return await asyncio.to_thread(self.load)
