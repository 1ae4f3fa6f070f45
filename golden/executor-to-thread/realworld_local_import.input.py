class YoutubeLoader:
    def load(self) -> list[str]:
        return []

    async def aload(self) -> list[str]:
        """From open-webui: asyncio is imported in the coroutine itself, so the rewrite uses
        that import and adds none at the top of the file."""
        import asyncio

        loop = asyncio.get_event_loop()
        return await loop.run_in_executor(None, self.load)
