using PropBot.Exchanges.Okx;

namespace PropBot.Exchanges.Tests.Okx;

public class OkxSignerTests
{
    private const string DocSecret = "22582BD0CFF14C41EDBF1AB98506286D";

    [Theory]
    [InlineData("A", """2020-12-08T09:08:57.57ZPOST/api/v5/account/balance{"instId":"BTC-USDT","lever":"5","mgnMode":"isolated"}""", "SQ8OzSqaLcC5tF3MMKwonxGUXwGfGPkM60flrI/UJjo=")]
    [InlineData("B", """2020-12-08T09:08:57.715ZPOST/api/v5/account/balance{"instId":"BTC-USDT","lever":"5","mgnMode":"isolated"}""", "c66qxzrK510++vfEdJU4TAH/T3pK9CfwXPce2YHMIfs=")]
    [InlineData("C", "2020-12-08T09:08:57.715ZGET/api/v5/account/balance?ccy=BTC", "HiZhvSfMtWJA3uUIVXV3a/bSXNPCWvYFXoGCVS8V4zY=")]
    [InlineData("D", "2020-12-08T09:08:57.715ZGET/api/v5/account/positions?instType=SWAP&instId=BTC-USDT-SWAP", "MZgFPE48KtSHKZdDaHHCB3jfrY+oMUck72bBbqFUDHc=")]
    [InlineData("E", """2020-12-08T09:08:57.715ZPOST/api/v5/trade/order{"instId":"BTC-USDT-SWAP","tdMode":"cross","side":"buy","posSide":"net","ordType":"limit","px":"30000","sz":"1","clOrdId":"abc123"}""", "ECxVN2rCG/33VA5FjkJzCUfbRJniBCRqxYL6MkQl1ls=")]
    [InlineData("F", """2020-12-08T09:08:57.715ZPOST/api/v5/trade/cancel-all-after{"timeOut":"60"}""", "KLDsTjICb6BJcLPD4W1tFkQphGBtst0KE9Gum/S5cK8=")]
    [InlineData("G", "1538054050GET/users/self/verify", "+LdIr8lkkvhr5hoA3g9TMC0+uQJ849ftAcocA/ouu4M=")]
    [InlineData("H", "1704876947GET/users/self/verify", "5/36BgGV6m/6pmdc20zdqk0mzF5ZalmzzPD2fo3wavU=")]
    [InlineData("I", """2020-12-08T09:08:57.715ZPOST/api/v5/account/set-position-mode{"posMode":"net_mode"}""", "mEtZPdiwsiE1mWCm/kJRI/TZCO/7tz/50dFkT2/XsUg=")]
    [InlineData("J", """2020-12-08T09:08:57.715ZPOST/api/v5/trade/order{"instId":"BTC-USDT-SWAP","tdMode":"cross","side":"sell","posSide":"short","ordType":"post_only","px":"65000.1","sz":"5.37","clOrdId":"pba1L20"}""", "KeAAUuK51BK2XOjEXlIYPHSBW+56fJ5WFRQUMcWltKg=")]
    [InlineData("K", """2020-12-08T09:08:57.715ZPOST/api/v5/trade/cancel-all-after{"timeOut":"0"}""", "ZkT5Tm+aeUutbiNMVyCG+pYKEXNIzL1Cv8lNnUdTOT0=")]
    public void Sign_ReferenceVectors_ReproducedExactly(string vector, string prehash, string expected)
    {
        _ = vector;
        OkxSigner.Sign(DocSecret, prehash).ShouldBe(expected);
    }

    [Fact]
    public void Sign_VectorN_NautilusSecret()
    {
        OkxSigner.Sign("chNOOS4KvNXR_Xq4k4c9qsfoKWvnDecLATCRlcBwyKDYnWgO", "2020-12-08T09:08:57.715ZGET/api/v5/account/balance")
            .ShouldBe("PJ61e1nb2F2Qd7D8SPiaIcx2gjdELc+o0ygzre9z33k=");
    }

    [Fact]
    public void SignRest_BuildsPrehashFromParts_VectorsCAndJ()
    {
        OkxSigner.SignRest(DocSecret, "2020-12-08T09:08:57.715Z", "get", "/api/v5/account/balance?ccy=BTC", null)
            .ShouldBe("HiZhvSfMtWJA3uUIVXV3a/bSXNPCWvYFXoGCVS8V4zY=");
        OkxSigner.SignRest(DocSecret, "2020-12-08T09:08:57.715Z", "POST", "/api/v5/trade/order",
                """{"instId":"BTC-USDT-SWAP","tdMode":"cross","side":"sell","posSide":"short","ordType":"post_only","px":"65000.1","sz":"5.37","clOrdId":"pba1L20"}""")
            .ShouldBe("KeAAUuK51BK2XOjEXlIYPHSBW+56fJ5WFRQUMcWltKg=");
    }

    [Fact]
    public void SignWebSocketLogin_VectorsGAndH()
    {
        OkxSigner.SignWebSocketLogin(DocSecret, "1538054050").ShouldBe("+LdIr8lkkvhr5hoA3g9TMC0+uQJ849ftAcocA/ouu4M=");
        OkxSigner.SignWebSocketLogin(DocSecret, DateTimeOffset.FromUnixTimeSeconds(1704876947)).ShouldBe("5/36BgGV6m/6pmdc20zdqk0mzF5ZalmzzPD2fo3wavU=");
    }

    [Fact]
    public void FormatTimestamp_IsoUtcWithMilliseconds()
    {
        OkxSigner.FormatTimestamp(new DateTimeOffset(2020, 12, 8, 17, 8, 57, 715, TimeSpan.FromHours(8))).ShouldBe("2020-12-08T09:08:57.715Z");
        OkxSigner.FormatTimestamp(new DateTimeOffset(2020, 12, 8, 9, 8, 57, 0, TimeSpan.Zero)).ShouldBe("2020-12-08T09:08:57.000Z");
    }

    [Fact]
    public void WebSocketLogin_Message_VectorG()
    {
        OkxWebSocketLogin.Build("key1", "pass1", DocSecret, DateTimeOffset.FromUnixTimeSeconds(1538054050)).ShouldBe(
            """{"op":"login","args":[{"apiKey":"key1","passphrase":"pass1","timestamp":"1538054050","sign":"+LdIr8lkkvhr5hoA3g9TMC0+uQJ849ftAcocA/ouu4M="}]}""");
    }
}
