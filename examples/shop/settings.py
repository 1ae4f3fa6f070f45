from dataclasses import dataclass


@dataclass
class Settings:
    inventory_url: str = "http://inventory.internal"
    restock_delay_seconds: float = 0.2
