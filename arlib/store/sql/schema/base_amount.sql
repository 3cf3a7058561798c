-- scalar macro: an amount in base currency, given the amount at the rate found for its date
-- (amount_fx, precomputed in the fact tables); the same figure, to the cent, as
-- round(amount * base_rate(...), 2), and the same error when the rate is missing
create or replace macro base_amount(amount, amount_fx, currency, rate_on, base_currency,
                                    found_rate) as
    case
        when currency = base_currency then amount
        when found_rate is null then round(
            amount * base_rate(currency, rate_on, base_currency, found_rate), 2
        )
        else amount_fx
    end
