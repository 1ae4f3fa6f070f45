import subprocess

from fastapi import FastAPI

app = FastAPI()


class Backups:
	def __init__(self, root):
		self.root = root

	async def create(self, name):
		if name:
			# pg_dump streams the dump on stdout
			dump = subprocess.Popen(["pg_dump", name], stdout=subprocess.PIPE)
			data, _ = dump.communicate()
			subprocess.run(["gzip", "-k", f"{self.root}/{name}.sql"], check=True)
			return len(data)
		return 0
