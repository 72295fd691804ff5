#!/bin/sh
# Write the passwd-file from the environment (never baked into the image), then run Dovecot.
set -eu
umask 027
printf '%s:{PLAIN}%s::::::\n' "$IMAP_USER" "$IMAP_PASSWORD" > /etc/dovecot/passwd
chgrp dovecot /etc/dovecot/passwd
chown vmail:vmail /srv/mail
exec /usr/sbin/dovecot -F -c /etc/dovecot/dovecot.conf
