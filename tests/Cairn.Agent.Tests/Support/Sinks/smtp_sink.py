"""A loopback SMTP server for the agent's tests, built on Debian's python3-aiosmtpd.

Listens on 127.0.0.1 on a free port and prints "READY <port>" once it accepts connections. Each message received is
written to OUT_DIR as <n>.json: {"mail_from", "rcpt_tos", "content", "tls", "login"}.
Options: --starttls CERT KEY (STARTTLS offered and required before MAIL), --auth USER:PASSWORD (AUTH PLAIN/LOGIN,
required), --reject (every RCPT TO answered 550).
"""
import argparse
import asyncio
import json
import os
import socket
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Recorder:
    def __init__(self, out_dir, reject):
        self.out_dir = out_dir
        self.reject = reject
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject:
            return "550 5.1.1 mailbox unavailable (the test sink rejects every recipient)"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "content": envelope.content.decode("utf-8", "replace"),
            "tls": session.ssl is not None,
            "login": session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None,
        }
        path = os.path.join(self.out_dir, f"{self.count}.json")
        with open(path + ".tmp", "w", encoding="utf-8") as handle:
            json.dump(record, handle)
        os.replace(path + ".tmp", path)
        return "250 Message accepted"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out_dir")
    parser.add_argument("--starttls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--auth")
    parser.add_argument("--reject", action="store_true")
    args = parser.parse_args()

    tls_context = None
    if args.starttls:
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(args.starttls[0], args.starttls[1])

    def authenticate(server, session, envelope, mechanism, auth_data):
        expected_user, expected_password = args.auth.split(":", 1)
        ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == expected_user \
            and auth_data.password.decode() == expected_password
        return AuthResult(success=ok, handled=False, auth_data=auth_data)

    handler = Recorder(args.out_dir, args.reject)

    def factory():
        return SMTP(handler, hostname="sink.test", tls_context=tls_context, require_starttls=tls_context is not None,
                    authenticator=authenticate if args.auth else None, auth_required=bool(args.auth),
                    auth_require_tls=tls_context is not None)

    async def serve():
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        server = await asyncio.get_running_loop().create_server(factory, sock=sock)
        print(f"READY {sock.getsockname()[1]}", flush=True)
        async with server:
            await server.serve_forever()

    asyncio.run(serve())


if __name__ == "__main__":
    sys.exit(main())
