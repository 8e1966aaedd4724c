#!/usr/bin/env python3
"""Adds N copies of one snapshot to a local restic repository, fast, in restic's own format.

Each copy is the template snapshot's JSON with an earlier "time" (one minute apart) and a tag "copy-<i>", encrypted
with the repository's master key as restic does (AES-256-CTR, Poly1305-AES over the ciphertext: design.md,
"Keys, Encryption and MAC"), stored under snapshots/<sha256 of the stored bytes>. The master key is read from the
repository's key file with the password (scrypt, as restic). restic reads, verifies (MAC) and lists the copies like
snapshots it wrote itself; `restic check` passes. Used by gui-snapshot-list.sh: 10,000 `restic backup` runs would take
about an hour on two cores (key derivation alone is 0.5 s per run).

usage: make-snapshots.py REPO_DIR PASSWORD_FILE TEMPLATE_JSON COUNT   (TEMPLATE_JSON: `restic cat snapshot ID` output)
"""
import base64
import datetime
import glob
import hashlib
import json
import os
import sys

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.poly1305 import Poly1305


def aes_ctr(key, iv, data):
    c = Cipher(algorithms.AES(key), modes.CTR(iv)).encryptor()
    return c.update(data) + c.finalize()


def aes_block(key, block):
    c = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return c.update(block) + c.finalize()


def mac(k, r, iv, ciphertext):
    # Poly1305-AES: the one-time key is r || AES_k(nonce); Poly1305 clamps r itself
    return Poly1305.generate_tag(r + aes_block(k, iv), ciphertext)


def open_box(keys, data):
    enc, k, r = keys
    iv, ciphertext, tag = data[:16], data[16:-16], data[-16:]
    if mac(k, r, iv, ciphertext) != tag:
        raise SystemExit("MAC mismatch: wrong password or damaged file")
    return aes_ctr(enc, iv, ciphertext)


def seal(keys, plaintext):
    enc, k, r = keys
    iv = os.urandom(16)
    ciphertext = aes_ctr(enc, iv, plaintext)
    return iv + ciphertext + mac(k, r, iv, ciphertext)


def master_key(repo, password):
    for path in glob.glob(os.path.join(repo, "keys", "*")):
        key_file = json.load(open(path))
        derived = hashlib.scrypt(password, salt=base64.b64decode(key_file["salt"]), n=key_file["N"], r=key_file["r"],
                                 p=key_file["p"], maxmem=1 << 30, dklen=64)
        user_keys = (derived[:32], derived[32:48], derived[48:64])
        master = json.loads(open_box(user_keys, base64.b64decode(key_file["data"])))
        return (base64.b64decode(master["encrypt"]), base64.b64decode(master["mac"]["k"]), base64.b64decode(master["mac"]["r"]))
    raise SystemExit("no key file")


def main():
    repo, password_file, template_file, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    keys = master_key(repo, open(password_file, "rb").read().rstrip(b"\n"))
    # written uncompressed: repository format 2 reads a file starting with '{' as plain JSON (design.md)
    template = json.load(open(template_file))
    start = datetime.datetime.fromisoformat(template["time"][:26])
    for i in range(1, count + 1):
        snapshot = dict(template)
        snapshot["time"] = (start - datetime.timedelta(minutes=i)).isoformat() + "Z"
        snapshot["tags"] = list(template.get("tags") or []) + [f"copy-{i}"]
        stored = seal(keys, json.dumps(snapshot, separators=(",", ":")).encode())
        name = hashlib.sha256(stored).hexdigest()
        with open(os.path.join(repo, "snapshots", name), "wb") as out:
            out.write(stored)
        os.chmod(os.path.join(repo, "snapshots", name), 0o400)


if __name__ == "__main__":
    main()
