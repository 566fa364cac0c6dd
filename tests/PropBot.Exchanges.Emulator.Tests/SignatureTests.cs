using System.Net;
using PropBot.Exchanges.Emulator.Hosting;

namespace PropBot.Exchanges.Emulator.Tests;

public sealed class SignatureTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private const string BinanceVectorSecret = "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9";
    private const string BinanceVectorKey = "dbefbc809e3e83c283a984c3a1459732ea7db1360ca80c5c2c8867408d28cc83";
    private const string OkxVectorSecret = "22582BD0CFF14C41EDBF1AB98506286D";

    [Theory]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC&recvWindow=5000&timestamp=1591702613943", "3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=9000&recvWindow=5000&timestamp=1591702613943", "ec11dcc17e67e47f0d3c3f513dfe9062307e37619c5c82ebaa8fe0bdf3d59519")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTCquantity=1&price=9000&recvWindow=5000&timestamp= 1591702613943", "f9d0ae5e813ef6ccf15c2b5a434047a0181cb5a342b903b367ca6d27a66e36f2")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTCquantity=1&price=9000&recvWindow=5000&timestamp=1591702613943", "30baaf0fab549bbeda7f5ef201898b34122da25fd23c646cac2c529aebe670a4")]
    [InlineData("symbol=BTCUSDT&countdownTime=120000&timestamp=1591702613943", "1d97cd449bbac684a042bcc54f17efad82116211de71c83450b7ee09f89e4748")]
    [InlineData("symbol=BTCUSDT&side=BUY&positionSide=SHORT&type=LIMIT&timeInForce=GTX&quantity=0.01&price=65000.1&newClientOrderId=pb-a1-L2-0&recvWindow=5000&timestamp=1591702613943", "973c81f93b229fc5af4583245963b1ca2449d6d329d7019300d6c7300190b02f")]
    [InlineData("symbol=BTCUSDT&side=SELL&type=MARKET&quantity=0.005&reduceOnly=true&newOrderRespType=RESULT&timestamp=1591702613943", "98d994ea61a686e6eb60822a8e7935e28c95b250c44366c2078eb5d501c4a0e0")]
    [InlineData("dualSidePosition=false&timestamp=1591702613943", "5129252d426c83dc6035da638b10dfe80f9ba6363a61fbd3625b5cdb43463d02")]
    [InlineData("timestamp=1591702613943", "84901bbeed96ffa9adf9995c40fcadcb0a9ddad37c2605ce82491f2c771077a6")]
    public void Binance_reference_vectors_verify(string payload, string expected)
    {
        Wire.HmacHex(BinanceVectorSecret, payload).ShouldBe(expected);
        BinanceTestClient.Sign(BinanceVectorSecret, payload).ShouldBe(expected);
    }

    [Theory]
    [InlineData("2020-12-08T09:08:57.57ZPOST/api/v5/account/balance{\"instId\":\"BTC-USDT\",\"lever\":\"5\",\"mgnMode\":\"isolated\"}", "SQ8OzSqaLcC5tF3MMKwonxGUXwGfGPkM60flrI/UJjo=")]
    [InlineData("2020-12-08T09:08:57.715ZPOST/api/v5/account/balance{\"instId\":\"BTC-USDT\",\"lever\":\"5\",\"mgnMode\":\"isolated\"}", "c66qxzrK510++vfEdJU4TAH/T3pK9CfwXPce2YHMIfs=")]
    [InlineData("2020-12-08T09:08:57.715ZGET/api/v5/account/balance?ccy=BTC", "HiZhvSfMtWJA3uUIVXV3a/bSXNPCWvYFXoGCVS8V4zY=")]
    [InlineData("2020-12-08T09:08:57.715ZGET/api/v5/account/positions?instType=SWAP&instId=BTC-USDT-SWAP", "MZgFPE48KtSHKZdDaHHCB3jfrY+oMUck72bBbqFUDHc=")]
    [InlineData("2020-12-08T09:08:57.715ZPOST/api/v5/trade/order{\"instId\":\"BTC-USDT-SWAP\",\"tdMode\":\"cross\",\"side\":\"buy\",\"posSide\":\"net\",\"ordType\":\"limit\",\"px\":\"30000\",\"sz\":\"1\",\"clOrdId\":\"abc123\"}", "ECxVN2rCG/33VA5FjkJzCUfbRJniBCRqxYL6MkQl1ls=")]
    [InlineData("2020-12-08T09:08:57.715ZPOST/api/v5/trade/cancel-all-after{\"timeOut\":\"60\"}", "KLDsTjICb6BJcLPD4W1tFkQphGBtst0KE9Gum/S5cK8=")]
    [InlineData("1538054050GET/users/self/verify", "+LdIr8lkkvhr5hoA3g9TMC0+uQJ849ftAcocA/ouu4M=")]
    [InlineData("2020-12-08T09:08:57.715ZPOST/api/v5/account/set-position-mode{\"posMode\":\"net_mode\"}", "mEtZPdiwsiE1mWCm/kJRI/TZCO/7tz/50dFkT2/XsUg=")]
    [InlineData("2020-12-08T09:08:57.715ZPOST/api/v5/trade/cancel-all-after{\"timeOut\":\"0\"}", "ZkT5Tm+aeUutbiNMVyCG+pYKEXNIzL1Cv8lNnUdTOT0=")]
    public void Okx_reference_vectors_verify(string prehash, string expected)
    {
        Wire.HmacBase64(OkxVectorSecret, prehash).ShouldBe(expected);
        OkxTestClient.Sign(OkxVectorSecret, prehash).ShouldBe(expected);
    }

    [Fact]
    public async Task Binance_accepts_reference_vector_credentials_and_mixed_query_body_signing()
    {
        await using var emulator = await VenueEmulator.StartAsync(new EmulatorOptions { ApiKey = BinanceVectorKey, ApiSecret = BinanceVectorSecret });
        using var http = new HttpClient { BaseAddress = emulator.BinanceRestUrl };
        var ts = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        var query = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC";
        var body = $"quantity=0.002&price=60000&recvWindow=5000&timestamp={ts}";
        var signature = Wire.HmacHex(BinanceVectorSecret, query + body);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/fapi/v1/order?" + query)
        {
            Content = new StringContent(body + "&signature=" + signature, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("X-MBX-APIKEY", BinanceVectorKey);
        using var response = await http.SendAsync(request);
        var json = await BinanceTestClient.ReadJsonAsync(response);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, json.ToString());
        json.Str("status").ShouldBe("NEW");
        json.Str("origQty").ShouldBe("0.002");
    }

    [Fact]
    public async Task Binance_public_endpoints_need_no_key()
    {
        using var client = new BinanceTestClient(fixture.Emulator.BinanceRestUrl, TimeProvider.System);
        using var response = await client.PublicAsync("/fapi/v1/exchangeInfo");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var json = await BinanceTestClient.ReadJsonAsync(response);
        json.GetProperty("symbols").GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task Binance_rejects_missing_key_wrong_key_bad_signature_and_stale_timestamps()
    {
        using var client = new BinanceTestClient(fixture.Emulator.BinanceRestUrl, TimeProvider.System);
        using (var missing = await client.Http.GetAsync("/fapi/v3/account?timestamp=1&signature=00"))
        {
            ((int)missing.StatusCode).ShouldBe(401);
            (await BinanceTestClient.ReadJsonAsync(missing)).Code().ShouldBe(-2014);
        }

        using (var wrongKey = await client.SignedAsync(HttpMethod.Get, "/fapi/v3/account", "", keyOverride: "nope"))
        {
            ((int)wrongKey.StatusCode).ShouldBe(401);
            (await BinanceTestClient.ReadJsonAsync(wrongKey)).Code().ShouldBe(-2015);
        }

        using (var badSignature = await client.SignedAsync(HttpMethod.Get, "/fapi/v3/account", "", secretOverride: "wrong-secret"))
        {
            ((int)badSignature.StatusCode).ShouldBe(400);
            (await BinanceTestClient.ReadJsonAsync(badSignature)).Code().ShouldBe(-1022);
        }

        using (var old = await client.SignedAsync(HttpMethod.Get, "/fapi/v3/account", "", timestamp: client.Timestamp - 60_000))
        {
            var json = await BinanceTestClient.ReadJsonAsync(old);
            json.Code().ShouldBe(-1021);
            json.Str("msg").ShouldBe("Timestamp for this request is outside of the recvWindow.");
        }

        using (var ahead = await client.SignedAsync(HttpMethod.Get, "/fapi/v3/account", "", timestamp: client.Timestamp + 30_000))
        {
            var json = await BinanceTestClient.ReadJsonAsync(ahead);
            json.Code().ShouldBe(-1021);
            json.Str("msg").ShouldBe("Timestamp for this request was 1000ms ahead of the server's time.");
        }

        using (var wideWindow = await client.SignedAsync(HttpMethod.Get, "/fapi/v3/account", "recvWindow=59000", timestamp: client.Timestamp - 30_000))
        {
            wideWindow.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using var ok = await client.SignedAsync(HttpMethod.Get, "/fapi/v3/account", "");
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Okx_rejects_bad_auth_with_real_codes_and_accepts_good_signatures()
    {
        using var client = new OkxTestClient(fixture.Emulator.OkxRestUrl, TimeProvider.System);
        using (var unsigned = await client.Http.GetAsync("/api/v5/account/balance"))
        {
            ((int)unsigned.StatusCode).ShouldBe(401);
            (await BinanceTestClient.ReadJsonAsync(unsigned)).Str("code").ShouldBe("50103");
        }

        async Task<string> CodeOf(HttpResponseMessage response)
        {
            using (response)
            {
                ((int)response.StatusCode).ShouldBe(401);
                return (await BinanceTestClient.ReadJsonAsync(response)).Str("code");
            }
        }

        (await CodeOf(await client.SendAsync(HttpMethod.Get, "/api/v5/account/balance", key: "nope"))).ShouldBe("50111");
        (await CodeOf(await client.SendAsync(HttpMethod.Get, "/api/v5/account/balance", secret: "wrong"))).ShouldBe("50113");
        (await CodeOf(await client.SendAsync(HttpMethod.Get, "/api/v5/account/balance", passphrase: "wrong"))).ShouldBe("50105");
        (await CodeOf(await client.SendAsync(HttpMethod.Get, "/api/v5/account/balance", timestamp: "2020-12-08T09:08:57.715Z"))).ShouldBe("50102");
        (await CodeOf(await client.SendAsync(HttpMethod.Get, "/api/v5/account/balance", timestamp: "yesterday"))).ShouldBe("50112");

        var (status, body) = await client.JsonAsync(HttpMethod.Get, "/api/v5/account/balance?ccy=USDT");
        status.ShouldBe(200);
        body.Str("code").ShouldBe("0");
        body.GetProperty("data")[0].GetProperty("details")[0].Str("ccy").ShouldBe("USDT");

        var (postStatus, postBody) = await client.JsonAsync(HttpMethod.Post, "/api/v5/account/set-position-mode", "{\"posMode\":\"net_mode\"}");
        postStatus.ShouldBe(200);
        postBody.GetProperty("data")[0].Str("posMode").ShouldBe("net_mode");
    }

    [Fact]
    public async Task Okx_public_endpoints_need_no_key_and_unknown_paths_return_the_404_body()
    {
        using var client = new OkxTestClient(fixture.Emulator.OkxRestUrl, TimeProvider.System);
        var time = await client.PublicAsync("/api/v5/public/time");
        time.Str("code").ShouldBe("0");
        var notFound = await client.PublicAsync("/api/v5/does/not/exist");
        notFound.GetProperty("code").GetInt32().ShouldBe(404);
    }
}
