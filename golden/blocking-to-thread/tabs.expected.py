import asyncio
import subprocess

from fastapi import FastAPI

app = FastAPI()


class Backups:
	def __init__(self, root):
		self.root = root

	async def create(self, name):
		if name:
			# pg_dump streams the dump on stdout
			def _run_process():
				dump = subprocess.Popen(["pg_dump", name], stdout=subprocess.PIPE)
				data, _ = dump.communicate()
				return data
			data = await asyncio.to_thread(_run_process)
			await asyncio.to_thread(subprocess.run, ["gzip", "-k", f"{self.root}/{name}.sql"], check=True)
			return len(data)
		return 0
