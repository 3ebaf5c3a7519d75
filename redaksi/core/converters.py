"""Path converters for the URLs."""


class IdConverter:
    """A database id in a URL: up to what a signed 64-bit integer holds (SQLite's and PostgreSQL's bigint).

    A larger number does not match, so the answer is the friendly 404, never an OverflowError in the database driver.
    """

    regex = "[0-9]{1,19}"
    MAX = 2**63 - 1

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > self.MAX:
            raise ValueError("beyond a 64-bit id")
        return number

    def to_url(self, value: int) -> str:
        return str(int(value))
