# From freqtrade's Telegram bot: the loop is made right after a nested function, and a comment
# stands above the call; the comment keeps its indentation when the loop line goes.
import asyncio


class Telegram:
    async def _force_enter_action(self, pair: str, price: float | None) -> None:
        try:

            def _force_enter():
                self._rpc._rpc_force_entry(pair, price)

            loop = asyncio.get_running_loop()
            # Workaround to avoid nested loops
            await loop.run_in_executor(None, _force_enter)
        except RuntimeError as e:
            await self._send_msg(str(e))
