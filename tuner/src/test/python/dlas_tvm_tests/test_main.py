import contextlib
import io
import os
import tempfile
import unittest

from dlas_tvm.__main__ import main


class CommandLineTest(unittest.TestCase):
    def run_main(self, argv):
        err = io.StringIO()
        with contextlib.redirect_stderr(err), self.assertRaises(SystemExit) as exit:
            main(argv)
        return exit.exception.code, err.getvalue()

    def test_no_job_dir_is_a_usage_error(self):
        code, err = self.run_main([])
        self.assertEqual(code, 2)
        self.assertIn("JOB_DIR", err)

    def test_a_job_dir_without_job_json_is_refused_naming_what_is_missing(self):
        with tempfile.TemporaryDirectory() as d:
            code, err = self.run_main([d])
            self.assertEqual(code, 2)
            self.assertIn("has no job.json", err)
            self.assertEqual(1, len([l for l in err.splitlines() if "error:" in l]))
            self.assertFalse(os.path.exists(os.path.join(d, "result.json")))


if __name__ == "__main__":
    unittest.main()
