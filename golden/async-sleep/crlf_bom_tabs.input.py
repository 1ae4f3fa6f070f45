import time


async def main():
	if True:
		time.sleep(1)
