# expect: score=10 reading=tokens
"""A correct class beside a function of 1,200 `elif` branches.  Deep code once stopped the
whole class run (a RecursionError in the grader's static check); the grader now reads code
statically in a helper process of its own, and the submission is graded as any other."""

import re


class SentenceEmbedder:
    vocab_embeddings = {
        "I": [-1, 1],
        "lot": [0, 2],
        "love": [1, 3],
        "chocolate": [2, 4],
        "milk": [3, 5],
    }
    filler_words = ["I", "and", "as", "for", "it", "or", "maybe"]
    attention_weights = [0.5, 1, 0.7, 0.9, 0.3, 0.2, 0.1]

    def tokens(self, sentence):
        return re.findall(r"\w+|[^\w\s]", sentence)

    def embed(self, word):
        return self.vocab_embeddings.get(word, [-1, -1])

    def average_embedding(self, sentence):
        vectors = [self.embed(t) for t in self.tokens(sentence)]
        return [sum(v[i] for v in vectors) / len(vectors) for i in range(2)]

    def skip_filler_embedding(self, sentence):
        vectors = [self.embed(t) for t in self.tokens(sentence) if t not in self.filler_words]
        return [sum(v[i] for v in vectors) / len(vectors) for i in range(2)]

    def learned_embedding(self, sentence):
        pairs = list(zip(self.attention_weights, self.tokens(sentence)))
        total = sum(w for w, _ in pairs)
        return [sum(w * self.embed(t)[i] for w, t in pairs) / total for i in range(2)]


if __name__ == "__main__":
    e = SentenceEmbedder()
    print(e.average_embedding("I love chocolate milk as well!"))


def lookup(token):
    if token == "w0":
        return 0
    elif token == "w1":
        return 1
    elif token == "w2":
        return 2
    elif token == "w3":
        return 3
    elif token == "w4":
        return 4
    elif token == "w5":
        return 5
    elif token == "w6":
        return 6
    elif token == "w7":
        return 7
    elif token == "w8":
        return 8
    elif token == "w9":
        return 9
    elif token == "w10":
        return 10
    elif token == "w11":
        return 11
    elif token == "w12":
        return 12
    elif token == "w13":
        return 13
    elif token == "w14":
        return 14
    elif token == "w15":
        return 15
    elif token == "w16":
        return 16
    elif token == "w17":
        return 17
    elif token == "w18":
        return 18
    elif token == "w19":
        return 19
    elif token == "w20":
        return 20
    elif token == "w21":
        return 21
    elif token == "w22":
        return 22
    elif token == "w23":
        return 23
    elif token == "w24":
        return 24
    elif token == "w25":
        return 25
    elif token == "w26":
        return 26
    elif token == "w27":
        return 27
    elif token == "w28":
        return 28
    elif token == "w29":
        return 29
    elif token == "w30":
        return 30
    elif token == "w31":
        return 31
    elif token == "w32":
        return 32
    elif token == "w33":
        return 33
    elif token == "w34":
        return 34
    elif token == "w35":
        return 35
    elif token == "w36":
        return 36
    elif token == "w37":
        return 37
    elif token == "w38":
        return 38
    elif token == "w39":
        return 39
    elif token == "w40":
        return 40
    elif token == "w41":
        return 41
    elif token == "w42":
        return 42
    elif token == "w43":
        return 43
    elif token == "w44":
        return 44
    elif token == "w45":
        return 45
    elif token == "w46":
        return 46
    elif token == "w47":
        return 47
    elif token == "w48":
        return 48
    elif token == "w49":
        return 49
    elif token == "w50":
        return 50
    elif token == "w51":
        return 51
    elif token == "w52":
        return 52
    elif token == "w53":
        return 53
    elif token == "w54":
        return 54
    elif token == "w55":
        return 55
    elif token == "w56":
        return 56
    elif token == "w57":
        return 57
    elif token == "w58":
        return 58
    elif token == "w59":
        return 59
    elif token == "w60":
        return 60
    elif token == "w61":
        return 61
    elif token == "w62":
        return 62
    elif token == "w63":
        return 63
    elif token == "w64":
        return 64
    elif token == "w65":
        return 65
    elif token == "w66":
        return 66
    elif token == "w67":
        return 67
    elif token == "w68":
        return 68
    elif token == "w69":
        return 69
    elif token == "w70":
        return 70
    elif token == "w71":
        return 71
    elif token == "w72":
        return 72
    elif token == "w73":
        return 73
    elif token == "w74":
        return 74
    elif token == "w75":
        return 75
    elif token == "w76":
        return 76
    elif token == "w77":
        return 77
    elif token == "w78":
        return 78
    elif token == "w79":
        return 79
    elif token == "w80":
        return 80
    elif token == "w81":
        return 81
    elif token == "w82":
        return 82
    elif token == "w83":
        return 83
    elif token == "w84":
        return 84
    elif token == "w85":
        return 85
    elif token == "w86":
        return 86
    elif token == "w87":
        return 87
    elif token == "w88":
        return 88
    elif token == "w89":
        return 89
    elif token == "w90":
        return 90
    elif token == "w91":
        return 91
    elif token == "w92":
        return 92
    elif token == "w93":
        return 93
    elif token == "w94":
        return 94
    elif token == "w95":
        return 95
    elif token == "w96":
        return 96
    elif token == "w97":
        return 97
    elif token == "w98":
        return 98
    elif token == "w99":
        return 99
    elif token == "w100":
        return 100
    elif token == "w101":
        return 101
    elif token == "w102":
        return 102
    elif token == "w103":
        return 103
    elif token == "w104":
        return 104
    elif token == "w105":
        return 105
    elif token == "w106":
        return 106
    elif token == "w107":
        return 107
    elif token == "w108":
        return 108
    elif token == "w109":
        return 109
    elif token == "w110":
        return 110
    elif token == "w111":
        return 111
    elif token == "w112":
        return 112
    elif token == "w113":
        return 113
    elif token == "w114":
        return 114
    elif token == "w115":
        return 115
    elif token == "w116":
        return 116
    elif token == "w117":
        return 117
    elif token == "w118":
        return 118
    elif token == "w119":
        return 119
    elif token == "w120":
        return 120
    elif token == "w121":
        return 121
    elif token == "w122":
        return 122
    elif token == "w123":
        return 123
    elif token == "w124":
        return 124
    elif token == "w125":
        return 125
    elif token == "w126":
        return 126
    elif token == "w127":
        return 127
    elif token == "w128":
        return 128
    elif token == "w129":
        return 129
    elif token == "w130":
        return 130
    elif token == "w131":
        return 131
    elif token == "w132":
        return 132
    elif token == "w133":
        return 133
    elif token == "w134":
        return 134
    elif token == "w135":
        return 135
    elif token == "w136":
        return 136
    elif token == "w137":
        return 137
    elif token == "w138":
        return 138
    elif token == "w139":
        return 139
    elif token == "w140":
        return 140
    elif token == "w141":
        return 141
    elif token == "w142":
        return 142
    elif token == "w143":
        return 143
    elif token == "w144":
        return 144
    elif token == "w145":
        return 145
    elif token == "w146":
        return 146
    elif token == "w147":
        return 147
    elif token == "w148":
        return 148
    elif token == "w149":
        return 149
    elif token == "w150":
        return 150
    elif token == "w151":
        return 151
    elif token == "w152":
        return 152
    elif token == "w153":
        return 153
    elif token == "w154":
        return 154
    elif token == "w155":
        return 155
    elif token == "w156":
        return 156
    elif token == "w157":
        return 157
    elif token == "w158":
        return 158
    elif token == "w159":
        return 159
    elif token == "w160":
        return 160
    elif token == "w161":
        return 161
    elif token == "w162":
        return 162
    elif token == "w163":
        return 163
    elif token == "w164":
        return 164
    elif token == "w165":
        return 165
    elif token == "w166":
        return 166
    elif token == "w167":
        return 167
    elif token == "w168":
        return 168
    elif token == "w169":
        return 169
    elif token == "w170":
        return 170
    elif token == "w171":
        return 171
    elif token == "w172":
        return 172
    elif token == "w173":
        return 173
    elif token == "w174":
        return 174
    elif token == "w175":
        return 175
    elif token == "w176":
        return 176
    elif token == "w177":
        return 177
    elif token == "w178":
        return 178
    elif token == "w179":
        return 179
    elif token == "w180":
        return 180
    elif token == "w181":
        return 181
    elif token == "w182":
        return 182
    elif token == "w183":
        return 183
    elif token == "w184":
        return 184
    elif token == "w185":
        return 185
    elif token == "w186":
        return 186
    elif token == "w187":
        return 187
    elif token == "w188":
        return 188
    elif token == "w189":
        return 189
    elif token == "w190":
        return 190
    elif token == "w191":
        return 191
    elif token == "w192":
        return 192
    elif token == "w193":
        return 193
    elif token == "w194":
        return 194
    elif token == "w195":
        return 195
    elif token == "w196":
        return 196
    elif token == "w197":
        return 197
    elif token == "w198":
        return 198
    elif token == "w199":
        return 199
    elif token == "w200":
        return 200
    elif token == "w201":
        return 201
    elif token == "w202":
        return 202
    elif token == "w203":
        return 203
    elif token == "w204":
        return 204
    elif token == "w205":
        return 205
    elif token == "w206":
        return 206
    elif token == "w207":
        return 207
    elif token == "w208":
        return 208
    elif token == "w209":
        return 209
    elif token == "w210":
        return 210
    elif token == "w211":
        return 211
    elif token == "w212":
        return 212
    elif token == "w213":
        return 213
    elif token == "w214":
        return 214
    elif token == "w215":
        return 215
    elif token == "w216":
        return 216
    elif token == "w217":
        return 217
    elif token == "w218":
        return 218
    elif token == "w219":
        return 219
    elif token == "w220":
        return 220
    elif token == "w221":
        return 221
    elif token == "w222":
        return 222
    elif token == "w223":
        return 223
    elif token == "w224":
        return 224
    elif token == "w225":
        return 225
    elif token == "w226":
        return 226
    elif token == "w227":
        return 227
    elif token == "w228":
        return 228
    elif token == "w229":
        return 229
    elif token == "w230":
        return 230
    elif token == "w231":
        return 231
    elif token == "w232":
        return 232
    elif token == "w233":
        return 233
    elif token == "w234":
        return 234
    elif token == "w235":
        return 235
    elif token == "w236":
        return 236
    elif token == "w237":
        return 237
    elif token == "w238":
        return 238
    elif token == "w239":
        return 239
    elif token == "w240":
        return 240
    elif token == "w241":
        return 241
    elif token == "w242":
        return 242
    elif token == "w243":
        return 243
    elif token == "w244":
        return 244
    elif token == "w245":
        return 245
    elif token == "w246":
        return 246
    elif token == "w247":
        return 247
    elif token == "w248":
        return 248
    elif token == "w249":
        return 249
    elif token == "w250":
        return 250
    elif token == "w251":
        return 251
    elif token == "w252":
        return 252
    elif token == "w253":
        return 253
    elif token == "w254":
        return 254
    elif token == "w255":
        return 255
    elif token == "w256":
        return 256
    elif token == "w257":
        return 257
    elif token == "w258":
        return 258
    elif token == "w259":
        return 259
    elif token == "w260":
        return 260
    elif token == "w261":
        return 261
    elif token == "w262":
        return 262
    elif token == "w263":
        return 263
    elif token == "w264":
        return 264
    elif token == "w265":
        return 265
    elif token == "w266":
        return 266
    elif token == "w267":
        return 267
    elif token == "w268":
        return 268
    elif token == "w269":
        return 269
    elif token == "w270":
        return 270
    elif token == "w271":
        return 271
    elif token == "w272":
        return 272
    elif token == "w273":
        return 273
    elif token == "w274":
        return 274
    elif token == "w275":
        return 275
    elif token == "w276":
        return 276
    elif token == "w277":
        return 277
    elif token == "w278":
        return 278
    elif token == "w279":
        return 279
    elif token == "w280":
        return 280
    elif token == "w281":
        return 281
    elif token == "w282":
        return 282
    elif token == "w283":
        return 283
    elif token == "w284":
        return 284
    elif token == "w285":
        return 285
    elif token == "w286":
        return 286
    elif token == "w287":
        return 287
    elif token == "w288":
        return 288
    elif token == "w289":
        return 289
    elif token == "w290":
        return 290
    elif token == "w291":
        return 291
    elif token == "w292":
        return 292
    elif token == "w293":
        return 293
    elif token == "w294":
        return 294
    elif token == "w295":
        return 295
    elif token == "w296":
        return 296
    elif token == "w297":
        return 297
    elif token == "w298":
        return 298
    elif token == "w299":
        return 299
    elif token == "w300":
        return 300
    elif token == "w301":
        return 301
    elif token == "w302":
        return 302
    elif token == "w303":
        return 303
    elif token == "w304":
        return 304
    elif token == "w305":
        return 305
    elif token == "w306":
        return 306
    elif token == "w307":
        return 307
    elif token == "w308":
        return 308
    elif token == "w309":
        return 309
    elif token == "w310":
        return 310
    elif token == "w311":
        return 311
    elif token == "w312":
        return 312
    elif token == "w313":
        return 313
    elif token == "w314":
        return 314
    elif token == "w315":
        return 315
    elif token == "w316":
        return 316
    elif token == "w317":
        return 317
    elif token == "w318":
        return 318
    elif token == "w319":
        return 319
    elif token == "w320":
        return 320
    elif token == "w321":
        return 321
    elif token == "w322":
        return 322
    elif token == "w323":
        return 323
    elif token == "w324":
        return 324
    elif token == "w325":
        return 325
    elif token == "w326":
        return 326
    elif token == "w327":
        return 327
    elif token == "w328":
        return 328
    elif token == "w329":
        return 329
    elif token == "w330":
        return 330
    elif token == "w331":
        return 331
    elif token == "w332":
        return 332
    elif token == "w333":
        return 333
    elif token == "w334":
        return 334
    elif token == "w335":
        return 335
    elif token == "w336":
        return 336
    elif token == "w337":
        return 337
    elif token == "w338":
        return 338
    elif token == "w339":
        return 339
    elif token == "w340":
        return 340
    elif token == "w341":
        return 341
    elif token == "w342":
        return 342
    elif token == "w343":
        return 343
    elif token == "w344":
        return 344
    elif token == "w345":
        return 345
    elif token == "w346":
        return 346
    elif token == "w347":
        return 347
    elif token == "w348":
        return 348
    elif token == "w349":
        return 349
    elif token == "w350":
        return 350
    elif token == "w351":
        return 351
    elif token == "w352":
        return 352
    elif token == "w353":
        return 353
    elif token == "w354":
        return 354
    elif token == "w355":
        return 355
    elif token == "w356":
        return 356
    elif token == "w357":
        return 357
    elif token == "w358":
        return 358
    elif token == "w359":
        return 359
    elif token == "w360":
        return 360
    elif token == "w361":
        return 361
    elif token == "w362":
        return 362
    elif token == "w363":
        return 363
    elif token == "w364":
        return 364
    elif token == "w365":
        return 365
    elif token == "w366":
        return 366
    elif token == "w367":
        return 367
    elif token == "w368":
        return 368
    elif token == "w369":
        return 369
    elif token == "w370":
        return 370
    elif token == "w371":
        return 371
    elif token == "w372":
        return 372
    elif token == "w373":
        return 373
    elif token == "w374":
        return 374
    elif token == "w375":
        return 375
    elif token == "w376":
        return 376
    elif token == "w377":
        return 377
    elif token == "w378":
        return 378
    elif token == "w379":
        return 379
    elif token == "w380":
        return 380
    elif token == "w381":
        return 381
    elif token == "w382":
        return 382
    elif token == "w383":
        return 383
    elif token == "w384":
        return 384
    elif token == "w385":
        return 385
    elif token == "w386":
        return 386
    elif token == "w387":
        return 387
    elif token == "w388":
        return 388
    elif token == "w389":
        return 389
    elif token == "w390":
        return 390
    elif token == "w391":
        return 391
    elif token == "w392":
        return 392
    elif token == "w393":
        return 393
    elif token == "w394":
        return 394
    elif token == "w395":
        return 395
    elif token == "w396":
        return 396
    elif token == "w397":
        return 397
    elif token == "w398":
        return 398
    elif token == "w399":
        return 399
    elif token == "w400":
        return 400
    elif token == "w401":
        return 401
    elif token == "w402":
        return 402
    elif token == "w403":
        return 403
    elif token == "w404":
        return 404
    elif token == "w405":
        return 405
    elif token == "w406":
        return 406
    elif token == "w407":
        return 407
    elif token == "w408":
        return 408
    elif token == "w409":
        return 409
    elif token == "w410":
        return 410
    elif token == "w411":
        return 411
    elif token == "w412":
        return 412
    elif token == "w413":
        return 413
    elif token == "w414":
        return 414
    elif token == "w415":
        return 415
    elif token == "w416":
        return 416
    elif token == "w417":
        return 417
    elif token == "w418":
        return 418
    elif token == "w419":
        return 419
    elif token == "w420":
        return 420
    elif token == "w421":
        return 421
    elif token == "w422":
        return 422
    elif token == "w423":
        return 423
    elif token == "w424":
        return 424
    elif token == "w425":
        return 425
    elif token == "w426":
        return 426
    elif token == "w427":
        return 427
    elif token == "w428":
        return 428
    elif token == "w429":
        return 429
    elif token == "w430":
        return 430
    elif token == "w431":
        return 431
    elif token == "w432":
        return 432
    elif token == "w433":
        return 433
    elif token == "w434":
        return 434
    elif token == "w435":
        return 435
    elif token == "w436":
        return 436
    elif token == "w437":
        return 437
    elif token == "w438":
        return 438
    elif token == "w439":
        return 439
    elif token == "w440":
        return 440
    elif token == "w441":
        return 441
    elif token == "w442":
        return 442
    elif token == "w443":
        return 443
    elif token == "w444":
        return 444
    elif token == "w445":
        return 445
    elif token == "w446":
        return 446
    elif token == "w447":
        return 447
    elif token == "w448":
        return 448
    elif token == "w449":
        return 449
    elif token == "w450":
        return 450
    elif token == "w451":
        return 451
    elif token == "w452":
        return 452
    elif token == "w453":
        return 453
    elif token == "w454":
        return 454
    elif token == "w455":
        return 455
    elif token == "w456":
        return 456
    elif token == "w457":
        return 457
    elif token == "w458":
        return 458
    elif token == "w459":
        return 459
    elif token == "w460":
        return 460
    elif token == "w461":
        return 461
    elif token == "w462":
        return 462
    elif token == "w463":
        return 463
    elif token == "w464":
        return 464
    elif token == "w465":
        return 465
    elif token == "w466":
        return 466
    elif token == "w467":
        return 467
    elif token == "w468":
        return 468
    elif token == "w469":
        return 469
    elif token == "w470":
        return 470
    elif token == "w471":
        return 471
    elif token == "w472":
        return 472
    elif token == "w473":
        return 473
    elif token == "w474":
        return 474
    elif token == "w475":
        return 475
    elif token == "w476":
        return 476
    elif token == "w477":
        return 477
    elif token == "w478":
        return 478
    elif token == "w479":
        return 479
    elif token == "w480":
        return 480
    elif token == "w481":
        return 481
    elif token == "w482":
        return 482
    elif token == "w483":
        return 483
    elif token == "w484":
        return 484
    elif token == "w485":
        return 485
    elif token == "w486":
        return 486
    elif token == "w487":
        return 487
    elif token == "w488":
        return 488
    elif token == "w489":
        return 489
    elif token == "w490":
        return 490
    elif token == "w491":
        return 491
    elif token == "w492":
        return 492
    elif token == "w493":
        return 493
    elif token == "w494":
        return 494
    elif token == "w495":
        return 495
    elif token == "w496":
        return 496
    elif token == "w497":
        return 497
    elif token == "w498":
        return 498
    elif token == "w499":
        return 499
    elif token == "w500":
        return 500
    elif token == "w501":
        return 501
    elif token == "w502":
        return 502
    elif token == "w503":
        return 503
    elif token == "w504":
        return 504
    elif token == "w505":
        return 505
    elif token == "w506":
        return 506
    elif token == "w507":
        return 507
    elif token == "w508":
        return 508
    elif token == "w509":
        return 509
    elif token == "w510":
        return 510
    elif token == "w511":
        return 511
    elif token == "w512":
        return 512
    elif token == "w513":
        return 513
    elif token == "w514":
        return 514
    elif token == "w515":
        return 515
    elif token == "w516":
        return 516
    elif token == "w517":
        return 517
    elif token == "w518":
        return 518
    elif token == "w519":
        return 519
    elif token == "w520":
        return 520
    elif token == "w521":
        return 521
    elif token == "w522":
        return 522
    elif token == "w523":
        return 523
    elif token == "w524":
        return 524
    elif token == "w525":
        return 525
    elif token == "w526":
        return 526
    elif token == "w527":
        return 527
    elif token == "w528":
        return 528
    elif token == "w529":
        return 529
    elif token == "w530":
        return 530
    elif token == "w531":
        return 531
    elif token == "w532":
        return 532
    elif token == "w533":
        return 533
    elif token == "w534":
        return 534
    elif token == "w535":
        return 535
    elif token == "w536":
        return 536
    elif token == "w537":
        return 537
    elif token == "w538":
        return 538
    elif token == "w539":
        return 539
    elif token == "w540":
        return 540
    elif token == "w541":
        return 541
    elif token == "w542":
        return 542
    elif token == "w543":
        return 543
    elif token == "w544":
        return 544
    elif token == "w545":
        return 545
    elif token == "w546":
        return 546
    elif token == "w547":
        return 547
    elif token == "w548":
        return 548
    elif token == "w549":
        return 549
    elif token == "w550":
        return 550
    elif token == "w551":
        return 551
    elif token == "w552":
        return 552
    elif token == "w553":
        return 553
    elif token == "w554":
        return 554
    elif token == "w555":
        return 555
    elif token == "w556":
        return 556
    elif token == "w557":
        return 557
    elif token == "w558":
        return 558
    elif token == "w559":
        return 559
    elif token == "w560":
        return 560
    elif token == "w561":
        return 561
    elif token == "w562":
        return 562
    elif token == "w563":
        return 563
    elif token == "w564":
        return 564
    elif token == "w565":
        return 565
    elif token == "w566":
        return 566
    elif token == "w567":
        return 567
    elif token == "w568":
        return 568
    elif token == "w569":
        return 569
    elif token == "w570":
        return 570
    elif token == "w571":
        return 571
    elif token == "w572":
        return 572
    elif token == "w573":
        return 573
    elif token == "w574":
        return 574
    elif token == "w575":
        return 575
    elif token == "w576":
        return 576
    elif token == "w577":
        return 577
    elif token == "w578":
        return 578
    elif token == "w579":
        return 579
    elif token == "w580":
        return 580
    elif token == "w581":
        return 581
    elif token == "w582":
        return 582
    elif token == "w583":
        return 583
    elif token == "w584":
        return 584
    elif token == "w585":
        return 585
    elif token == "w586":
        return 586
    elif token == "w587":
        return 587
    elif token == "w588":
        return 588
    elif token == "w589":
        return 589
    elif token == "w590":
        return 590
    elif token == "w591":
        return 591
    elif token == "w592":
        return 592
    elif token == "w593":
        return 593
    elif token == "w594":
        return 594
    elif token == "w595":
        return 595
    elif token == "w596":
        return 596
    elif token == "w597":
        return 597
    elif token == "w598":
        return 598
    elif token == "w599":
        return 599
    elif token == "w600":
        return 600
    elif token == "w601":
        return 601
    elif token == "w602":
        return 602
    elif token == "w603":
        return 603
    elif token == "w604":
        return 604
    elif token == "w605":
        return 605
    elif token == "w606":
        return 606
    elif token == "w607":
        return 607
    elif token == "w608":
        return 608
    elif token == "w609":
        return 609
    elif token == "w610":
        return 610
    elif token == "w611":
        return 611
    elif token == "w612":
        return 612
    elif token == "w613":
        return 613
    elif token == "w614":
        return 614
    elif token == "w615":
        return 615
    elif token == "w616":
        return 616
    elif token == "w617":
        return 617
    elif token == "w618":
        return 618
    elif token == "w619":
        return 619
    elif token == "w620":
        return 620
    elif token == "w621":
        return 621
    elif token == "w622":
        return 622
    elif token == "w623":
        return 623
    elif token == "w624":
        return 624
    elif token == "w625":
        return 625
    elif token == "w626":
        return 626
    elif token == "w627":
        return 627
    elif token == "w628":
        return 628
    elif token == "w629":
        return 629
    elif token == "w630":
        return 630
    elif token == "w631":
        return 631
    elif token == "w632":
        return 632
    elif token == "w633":
        return 633
    elif token == "w634":
        return 634
    elif token == "w635":
        return 635
    elif token == "w636":
        return 636
    elif token == "w637":
        return 637
    elif token == "w638":
        return 638
    elif token == "w639":
        return 639
    elif token == "w640":
        return 640
    elif token == "w641":
        return 641
    elif token == "w642":
        return 642
    elif token == "w643":
        return 643
    elif token == "w644":
        return 644
    elif token == "w645":
        return 645
    elif token == "w646":
        return 646
    elif token == "w647":
        return 647
    elif token == "w648":
        return 648
    elif token == "w649":
        return 649
    elif token == "w650":
        return 650
    elif token == "w651":
        return 651
    elif token == "w652":
        return 652
    elif token == "w653":
        return 653
    elif token == "w654":
        return 654
    elif token == "w655":
        return 655
    elif token == "w656":
        return 656
    elif token == "w657":
        return 657
    elif token == "w658":
        return 658
    elif token == "w659":
        return 659
    elif token == "w660":
        return 660
    elif token == "w661":
        return 661
    elif token == "w662":
        return 662
    elif token == "w663":
        return 663
    elif token == "w664":
        return 664
    elif token == "w665":
        return 665
    elif token == "w666":
        return 666
    elif token == "w667":
        return 667
    elif token == "w668":
        return 668
    elif token == "w669":
        return 669
    elif token == "w670":
        return 670
    elif token == "w671":
        return 671
    elif token == "w672":
        return 672
    elif token == "w673":
        return 673
    elif token == "w674":
        return 674
    elif token == "w675":
        return 675
    elif token == "w676":
        return 676
    elif token == "w677":
        return 677
    elif token == "w678":
        return 678
    elif token == "w679":
        return 679
    elif token == "w680":
        return 680
    elif token == "w681":
        return 681
    elif token == "w682":
        return 682
    elif token == "w683":
        return 683
    elif token == "w684":
        return 684
    elif token == "w685":
        return 685
    elif token == "w686":
        return 686
    elif token == "w687":
        return 687
    elif token == "w688":
        return 688
    elif token == "w689":
        return 689
    elif token == "w690":
        return 690
    elif token == "w691":
        return 691
    elif token == "w692":
        return 692
    elif token == "w693":
        return 693
    elif token == "w694":
        return 694
    elif token == "w695":
        return 695
    elif token == "w696":
        return 696
    elif token == "w697":
        return 697
    elif token == "w698":
        return 698
    elif token == "w699":
        return 699
    elif token == "w700":
        return 700
    elif token == "w701":
        return 701
    elif token == "w702":
        return 702
    elif token == "w703":
        return 703
    elif token == "w704":
        return 704
    elif token == "w705":
        return 705
    elif token == "w706":
        return 706
    elif token == "w707":
        return 707
    elif token == "w708":
        return 708
    elif token == "w709":
        return 709
    elif token == "w710":
        return 710
    elif token == "w711":
        return 711
    elif token == "w712":
        return 712
    elif token == "w713":
        return 713
    elif token == "w714":
        return 714
    elif token == "w715":
        return 715
    elif token == "w716":
        return 716
    elif token == "w717":
        return 717
    elif token == "w718":
        return 718
    elif token == "w719":
        return 719
    elif token == "w720":
        return 720
    elif token == "w721":
        return 721
    elif token == "w722":
        return 722
    elif token == "w723":
        return 723
    elif token == "w724":
        return 724
    elif token == "w725":
        return 725
    elif token == "w726":
        return 726
    elif token == "w727":
        return 727
    elif token == "w728":
        return 728
    elif token == "w729":
        return 729
    elif token == "w730":
        return 730
    elif token == "w731":
        return 731
    elif token == "w732":
        return 732
    elif token == "w733":
        return 733
    elif token == "w734":
        return 734
    elif token == "w735":
        return 735
    elif token == "w736":
        return 736
    elif token == "w737":
        return 737
    elif token == "w738":
        return 738
    elif token == "w739":
        return 739
    elif token == "w740":
        return 740
    elif token == "w741":
        return 741
    elif token == "w742":
        return 742
    elif token == "w743":
        return 743
    elif token == "w744":
        return 744
    elif token == "w745":
        return 745
    elif token == "w746":
        return 746
    elif token == "w747":
        return 747
    elif token == "w748":
        return 748
    elif token == "w749":
        return 749
    elif token == "w750":
        return 750
    elif token == "w751":
        return 751
    elif token == "w752":
        return 752
    elif token == "w753":
        return 753
    elif token == "w754":
        return 754
    elif token == "w755":
        return 755
    elif token == "w756":
        return 756
    elif token == "w757":
        return 757
    elif token == "w758":
        return 758
    elif token == "w759":
        return 759
    elif token == "w760":
        return 760
    elif token == "w761":
        return 761
    elif token == "w762":
        return 762
    elif token == "w763":
        return 763
    elif token == "w764":
        return 764
    elif token == "w765":
        return 765
    elif token == "w766":
        return 766
    elif token == "w767":
        return 767
    elif token == "w768":
        return 768
    elif token == "w769":
        return 769
    elif token == "w770":
        return 770
    elif token == "w771":
        return 771
    elif token == "w772":
        return 772
    elif token == "w773":
        return 773
    elif token == "w774":
        return 774
    elif token == "w775":
        return 775
    elif token == "w776":
        return 776
    elif token == "w777":
        return 777
    elif token == "w778":
        return 778
    elif token == "w779":
        return 779
    elif token == "w780":
        return 780
    elif token == "w781":
        return 781
    elif token == "w782":
        return 782
    elif token == "w783":
        return 783
    elif token == "w784":
        return 784
    elif token == "w785":
        return 785
    elif token == "w786":
        return 786
    elif token == "w787":
        return 787
    elif token == "w788":
        return 788
    elif token == "w789":
        return 789
    elif token == "w790":
        return 790
    elif token == "w791":
        return 791
    elif token == "w792":
        return 792
    elif token == "w793":
        return 793
    elif token == "w794":
        return 794
    elif token == "w795":
        return 795
    elif token == "w796":
        return 796
    elif token == "w797":
        return 797
    elif token == "w798":
        return 798
    elif token == "w799":
        return 799
    elif token == "w800":
        return 800
    elif token == "w801":
        return 801
    elif token == "w802":
        return 802
    elif token == "w803":
        return 803
    elif token == "w804":
        return 804
    elif token == "w805":
        return 805
    elif token == "w806":
        return 806
    elif token == "w807":
        return 807
    elif token == "w808":
        return 808
    elif token == "w809":
        return 809
    elif token == "w810":
        return 810
    elif token == "w811":
        return 811
    elif token == "w812":
        return 812
    elif token == "w813":
        return 813
    elif token == "w814":
        return 814
    elif token == "w815":
        return 815
    elif token == "w816":
        return 816
    elif token == "w817":
        return 817
    elif token == "w818":
        return 818
    elif token == "w819":
        return 819
    elif token == "w820":
        return 820
    elif token == "w821":
        return 821
    elif token == "w822":
        return 822
    elif token == "w823":
        return 823
    elif token == "w824":
        return 824
    elif token == "w825":
        return 825
    elif token == "w826":
        return 826
    elif token == "w827":
        return 827
    elif token == "w828":
        return 828
    elif token == "w829":
        return 829
    elif token == "w830":
        return 830
    elif token == "w831":
        return 831
    elif token == "w832":
        return 832
    elif token == "w833":
        return 833
    elif token == "w834":
        return 834
    elif token == "w835":
        return 835
    elif token == "w836":
        return 836
    elif token == "w837":
        return 837
    elif token == "w838":
        return 838
    elif token == "w839":
        return 839
    elif token == "w840":
        return 840
    elif token == "w841":
        return 841
    elif token == "w842":
        return 842
    elif token == "w843":
        return 843
    elif token == "w844":
        return 844
    elif token == "w845":
        return 845
    elif token == "w846":
        return 846
    elif token == "w847":
        return 847
    elif token == "w848":
        return 848
    elif token == "w849":
        return 849
    elif token == "w850":
        return 850
    elif token == "w851":
        return 851
    elif token == "w852":
        return 852
    elif token == "w853":
        return 853
    elif token == "w854":
        return 854
    elif token == "w855":
        return 855
    elif token == "w856":
        return 856
    elif token == "w857":
        return 857
    elif token == "w858":
        return 858
    elif token == "w859":
        return 859
    elif token == "w860":
        return 860
    elif token == "w861":
        return 861
    elif token == "w862":
        return 862
    elif token == "w863":
        return 863
    elif token == "w864":
        return 864
    elif token == "w865":
        return 865
    elif token == "w866":
        return 866
    elif token == "w867":
        return 867
    elif token == "w868":
        return 868
    elif token == "w869":
        return 869
    elif token == "w870":
        return 870
    elif token == "w871":
        return 871
    elif token == "w872":
        return 872
    elif token == "w873":
        return 873
    elif token == "w874":
        return 874
    elif token == "w875":
        return 875
    elif token == "w876":
        return 876
    elif token == "w877":
        return 877
    elif token == "w878":
        return 878
    elif token == "w879":
        return 879
    elif token == "w880":
        return 880
    elif token == "w881":
        return 881
    elif token == "w882":
        return 882
    elif token == "w883":
        return 883
    elif token == "w884":
        return 884
    elif token == "w885":
        return 885
    elif token == "w886":
        return 886
    elif token == "w887":
        return 887
    elif token == "w888":
        return 888
    elif token == "w889":
        return 889
    elif token == "w890":
        return 890
    elif token == "w891":
        return 891
    elif token == "w892":
        return 892
    elif token == "w893":
        return 893
    elif token == "w894":
        return 894
    elif token == "w895":
        return 895
    elif token == "w896":
        return 896
    elif token == "w897":
        return 897
    elif token == "w898":
        return 898
    elif token == "w899":
        return 899
    elif token == "w900":
        return 900
    elif token == "w901":
        return 901
    elif token == "w902":
        return 902
    elif token == "w903":
        return 903
    elif token == "w904":
        return 904
    elif token == "w905":
        return 905
    elif token == "w906":
        return 906
    elif token == "w907":
        return 907
    elif token == "w908":
        return 908
    elif token == "w909":
        return 909
    elif token == "w910":
        return 910
    elif token == "w911":
        return 911
    elif token == "w912":
        return 912
    elif token == "w913":
        return 913
    elif token == "w914":
        return 914
    elif token == "w915":
        return 915
    elif token == "w916":
        return 916
    elif token == "w917":
        return 917
    elif token == "w918":
        return 918
    elif token == "w919":
        return 919
    elif token == "w920":
        return 920
    elif token == "w921":
        return 921
    elif token == "w922":
        return 922
    elif token == "w923":
        return 923
    elif token == "w924":
        return 924
    elif token == "w925":
        return 925
    elif token == "w926":
        return 926
    elif token == "w927":
        return 927
    elif token == "w928":
        return 928
    elif token == "w929":
        return 929
    elif token == "w930":
        return 930
    elif token == "w931":
        return 931
    elif token == "w932":
        return 932
    elif token == "w933":
        return 933
    elif token == "w934":
        return 934
    elif token == "w935":
        return 935
    elif token == "w936":
        return 936
    elif token == "w937":
        return 937
    elif token == "w938":
        return 938
    elif token == "w939":
        return 939
    elif token == "w940":
        return 940
    elif token == "w941":
        return 941
    elif token == "w942":
        return 942
    elif token == "w943":
        return 943
    elif token == "w944":
        return 944
    elif token == "w945":
        return 945
    elif token == "w946":
        return 946
    elif token == "w947":
        return 947
    elif token == "w948":
        return 948
    elif token == "w949":
        return 949
    elif token == "w950":
        return 950
    elif token == "w951":
        return 951
    elif token == "w952":
        return 952
    elif token == "w953":
        return 953
    elif token == "w954":
        return 954
    elif token == "w955":
        return 955
    elif token == "w956":
        return 956
    elif token == "w957":
        return 957
    elif token == "w958":
        return 958
    elif token == "w959":
        return 959
    elif token == "w960":
        return 960
    elif token == "w961":
        return 961
    elif token == "w962":
        return 962
    elif token == "w963":
        return 963
    elif token == "w964":
        return 964
    elif token == "w965":
        return 965
    elif token == "w966":
        return 966
    elif token == "w967":
        return 967
    elif token == "w968":
        return 968
    elif token == "w969":
        return 969
    elif token == "w970":
        return 970
    elif token == "w971":
        return 971
    elif token == "w972":
        return 972
    elif token == "w973":
        return 973
    elif token == "w974":
        return 974
    elif token == "w975":
        return 975
    elif token == "w976":
        return 976
    elif token == "w977":
        return 977
    elif token == "w978":
        return 978
    elif token == "w979":
        return 979
    elif token == "w980":
        return 980
    elif token == "w981":
        return 981
    elif token == "w982":
        return 982
    elif token == "w983":
        return 983
    elif token == "w984":
        return 984
    elif token == "w985":
        return 985
    elif token == "w986":
        return 986
    elif token == "w987":
        return 987
    elif token == "w988":
        return 988
    elif token == "w989":
        return 989
    elif token == "w990":
        return 990
    elif token == "w991":
        return 991
    elif token == "w992":
        return 992
    elif token == "w993":
        return 993
    elif token == "w994":
        return 994
    elif token == "w995":
        return 995
    elif token == "w996":
        return 996
    elif token == "w997":
        return 997
    elif token == "w998":
        return 998
    elif token == "w999":
        return 999
    elif token == "w1000":
        return 1000
    elif token == "w1001":
        return 1001
    elif token == "w1002":
        return 1002
    elif token == "w1003":
        return 1003
    elif token == "w1004":
        return 1004
    elif token == "w1005":
        return 1005
    elif token == "w1006":
        return 1006
    elif token == "w1007":
        return 1007
    elif token == "w1008":
        return 1008
    elif token == "w1009":
        return 1009
    elif token == "w1010":
        return 1010
    elif token == "w1011":
        return 1011
    elif token == "w1012":
        return 1012
    elif token == "w1013":
        return 1013
    elif token == "w1014":
        return 1014
    elif token == "w1015":
        return 1015
    elif token == "w1016":
        return 1016
    elif token == "w1017":
        return 1017
    elif token == "w1018":
        return 1018
    elif token == "w1019":
        return 1019
    elif token == "w1020":
        return 1020
    elif token == "w1021":
        return 1021
    elif token == "w1022":
        return 1022
    elif token == "w1023":
        return 1023
    elif token == "w1024":
        return 1024
    elif token == "w1025":
        return 1025
    elif token == "w1026":
        return 1026
    elif token == "w1027":
        return 1027
    elif token == "w1028":
        return 1028
    elif token == "w1029":
        return 1029
    elif token == "w1030":
        return 1030
    elif token == "w1031":
        return 1031
    elif token == "w1032":
        return 1032
    elif token == "w1033":
        return 1033
    elif token == "w1034":
        return 1034
    elif token == "w1035":
        return 1035
    elif token == "w1036":
        return 1036
    elif token == "w1037":
        return 1037
    elif token == "w1038":
        return 1038
    elif token == "w1039":
        return 1039
    elif token == "w1040":
        return 1040
    elif token == "w1041":
        return 1041
    elif token == "w1042":
        return 1042
    elif token == "w1043":
        return 1043
    elif token == "w1044":
        return 1044
    elif token == "w1045":
        return 1045
    elif token == "w1046":
        return 1046
    elif token == "w1047":
        return 1047
    elif token == "w1048":
        return 1048
    elif token == "w1049":
        return 1049
    elif token == "w1050":
        return 1050
    elif token == "w1051":
        return 1051
    elif token == "w1052":
        return 1052
    elif token == "w1053":
        return 1053
    elif token == "w1054":
        return 1054
    elif token == "w1055":
        return 1055
    elif token == "w1056":
        return 1056
    elif token == "w1057":
        return 1057
    elif token == "w1058":
        return 1058
    elif token == "w1059":
        return 1059
    elif token == "w1060":
        return 1060
    elif token == "w1061":
        return 1061
    elif token == "w1062":
        return 1062
    elif token == "w1063":
        return 1063
    elif token == "w1064":
        return 1064
    elif token == "w1065":
        return 1065
    elif token == "w1066":
        return 1066
    elif token == "w1067":
        return 1067
    elif token == "w1068":
        return 1068
    elif token == "w1069":
        return 1069
    elif token == "w1070":
        return 1070
    elif token == "w1071":
        return 1071
    elif token == "w1072":
        return 1072
    elif token == "w1073":
        return 1073
    elif token == "w1074":
        return 1074
    elif token == "w1075":
        return 1075
    elif token == "w1076":
        return 1076
    elif token == "w1077":
        return 1077
    elif token == "w1078":
        return 1078
    elif token == "w1079":
        return 1079
    elif token == "w1080":
        return 1080
    elif token == "w1081":
        return 1081
    elif token == "w1082":
        return 1082
    elif token == "w1083":
        return 1083
    elif token == "w1084":
        return 1084
    elif token == "w1085":
        return 1085
    elif token == "w1086":
        return 1086
    elif token == "w1087":
        return 1087
    elif token == "w1088":
        return 1088
    elif token == "w1089":
        return 1089
    elif token == "w1090":
        return 1090
    elif token == "w1091":
        return 1091
    elif token == "w1092":
        return 1092
    elif token == "w1093":
        return 1093
    elif token == "w1094":
        return 1094
    elif token == "w1095":
        return 1095
    elif token == "w1096":
        return 1096
    elif token == "w1097":
        return 1097
    elif token == "w1098":
        return 1098
    elif token == "w1099":
        return 1099
    elif token == "w1100":
        return 1100
    elif token == "w1101":
        return 1101
    elif token == "w1102":
        return 1102
    elif token == "w1103":
        return 1103
    elif token == "w1104":
        return 1104
    elif token == "w1105":
        return 1105
    elif token == "w1106":
        return 1106
    elif token == "w1107":
        return 1107
    elif token == "w1108":
        return 1108
    elif token == "w1109":
        return 1109
    elif token == "w1110":
        return 1110
    elif token == "w1111":
        return 1111
    elif token == "w1112":
        return 1112
    elif token == "w1113":
        return 1113
    elif token == "w1114":
        return 1114
    elif token == "w1115":
        return 1115
    elif token == "w1116":
        return 1116
    elif token == "w1117":
        return 1117
    elif token == "w1118":
        return 1118
    elif token == "w1119":
        return 1119
    elif token == "w1120":
        return 1120
    elif token == "w1121":
        return 1121
    elif token == "w1122":
        return 1122
    elif token == "w1123":
        return 1123
    elif token == "w1124":
        return 1124
    elif token == "w1125":
        return 1125
    elif token == "w1126":
        return 1126
    elif token == "w1127":
        return 1127
    elif token == "w1128":
        return 1128
    elif token == "w1129":
        return 1129
    elif token == "w1130":
        return 1130
    elif token == "w1131":
        return 1131
    elif token == "w1132":
        return 1132
    elif token == "w1133":
        return 1133
    elif token == "w1134":
        return 1134
    elif token == "w1135":
        return 1135
    elif token == "w1136":
        return 1136
    elif token == "w1137":
        return 1137
    elif token == "w1138":
        return 1138
    elif token == "w1139":
        return 1139
    elif token == "w1140":
        return 1140
    elif token == "w1141":
        return 1141
    elif token == "w1142":
        return 1142
    elif token == "w1143":
        return 1143
    elif token == "w1144":
        return 1144
    elif token == "w1145":
        return 1145
    elif token == "w1146":
        return 1146
    elif token == "w1147":
        return 1147
    elif token == "w1148":
        return 1148
    elif token == "w1149":
        return 1149
    elif token == "w1150":
        return 1150
    elif token == "w1151":
        return 1151
    elif token == "w1152":
        return 1152
    elif token == "w1153":
        return 1153
    elif token == "w1154":
        return 1154
    elif token == "w1155":
        return 1155
    elif token == "w1156":
        return 1156
    elif token == "w1157":
        return 1157
    elif token == "w1158":
        return 1158
    elif token == "w1159":
        return 1159
    elif token == "w1160":
        return 1160
    elif token == "w1161":
        return 1161
    elif token == "w1162":
        return 1162
    elif token == "w1163":
        return 1163
    elif token == "w1164":
        return 1164
    elif token == "w1165":
        return 1165
    elif token == "w1166":
        return 1166
    elif token == "w1167":
        return 1167
    elif token == "w1168":
        return 1168
    elif token == "w1169":
        return 1169
    elif token == "w1170":
        return 1170
    elif token == "w1171":
        return 1171
    elif token == "w1172":
        return 1172
    elif token == "w1173":
        return 1173
    elif token == "w1174":
        return 1174
    elif token == "w1175":
        return 1175
    elif token == "w1176":
        return 1176
    elif token == "w1177":
        return 1177
    elif token == "w1178":
        return 1178
    elif token == "w1179":
        return 1179
    elif token == "w1180":
        return 1180
    elif token == "w1181":
        return 1181
    elif token == "w1182":
        return 1182
    elif token == "w1183":
        return 1183
    elif token == "w1184":
        return 1184
    elif token == "w1185":
        return 1185
    elif token == "w1186":
        return 1186
    elif token == "w1187":
        return 1187
    elif token == "w1188":
        return 1188
    elif token == "w1189":
        return 1189
    elif token == "w1190":
        return 1190
    elif token == "w1191":
        return 1191
    elif token == "w1192":
        return 1192
    elif token == "w1193":
        return 1193
    elif token == "w1194":
        return 1194
    elif token == "w1195":
        return 1195
    elif token == "w1196":
        return 1196
    elif token == "w1197":
        return 1197
    elif token == "w1198":
        return 1198
    elif token == "w1199":
        return 1199
    return -1
