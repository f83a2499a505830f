"""python manage.py commenter_data export|erase EMAIL: a commenter's data-protection request.

    commenter_data export reader@example.com [--output FILE]   # JSON of everything held
    commenter_data erase reader@example.com [--delete-text]    # anonymise their comments

See comments/privacy.py for what each does; both are logged in every comment's history.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from comments import privacy


class Command(BaseCommand):
    help = (
        "Export (as JSON) or erase everything held about the commenter with EMAIL. Erasing "
        "anonymises name, email, website, IP address and user agent; --delete-text also "
        "removes the text. Each is logged in every comment's history."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="export|erase")
        export = sub.add_parser("export", help="Print JSON of everything held about EMAIL.")
        export.add_argument("email")
        export.add_argument("--output", "-o", help="Write the JSON to this file instead.")
        erase = sub.add_parser("erase", help="Anonymise every comment posted with EMAIL.")
        erase.add_argument("email")
        erase.add_argument(
            "--delete-text", action="store_true", help="Also replace the comments' text."
        )

    def handle(self, *args, action, email, **options):
        try:
            if action == "export":
                self._export(email, options.get("output"))
            else:
                self._erase(email, options["delete_text"])
        except privacy.InvalidEmail as exc:
            raise CommandError(str(exc)) from exc

    def _export(self, email, output):
        data = privacy.export(email, via="the command line")
        text = json.dumps(data, indent=2, ensure_ascii=False)
        if output:
            try:
                with open(output, "w", encoding="utf-8") as fh:
                    fh.write(text + "\n")
            except OSError as exc:
                raise CommandError(f"Cannot write {output}: {exc.strerror}.") from exc
        else:
            self.stdout.write(text)
        self.stderr.write(f"Exported {data['comment_count']} comment(s) for {data['email']}.")

    def _erase(self, email, delete_text):
        count = privacy.erase(email, delete_text=delete_text, via="the command line")
        if not count:
            self.stdout.write(f"No comments are held for {email.strip()}; nothing erased.")
            return
        self.stdout.write(
            f"Erased the personal data of {count} comment(s)"
            + (" and their text." if delete_text else ".")
        )
