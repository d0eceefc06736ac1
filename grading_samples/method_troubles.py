# expect: score=1 average=error skip_filler=timeout weighted=junk average_hidden=error skip_filler_hidden=timeout weighted_hidden=junk found=Troubles:simple_average,skip_filler,weighted_average
"""Methods that end the process, swallow the time limit, raise, hang and return junk.

The first two are discovered first: they must cost only themselves.
"""

import os
import time


class Troubles:
    vocab_embeddings = {
        "I": [-1, 1],
        "lot": [0, 2],
        "love": [1, 3],
        "chocolate": [2, 4],
        "milk": [3, 5],
    }
    filler_words = ["I", "and", "as", "for", "it", "or", "maybe"]
    attention_weights = [0.5, 1, 0.7, 0.9, 0.3, 0.2, 0.1]

    def a_reset(self, sentence):
        os._exit(1)

    def b_stubborn(self, sentence):
        while True:
            try:
                time.sleep(0.05)
            except:  # noqa: E722
                pass

    def simple_average(self, sentence):
        return 1 / 0

    def skip_filler(self, sentence):
        while True:
            try:
                time.sleep(0.05)
            except Exception:
                pass

    def weighted_average(self, sentence):
        return "about [1.08, 2.76]"
